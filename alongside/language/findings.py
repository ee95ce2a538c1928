"""The one thing the checker hands back: a span of text and why it may read badly."""

from dataclasses import dataclass, field

SEVERITIES = ("info", "suggestion", "warning")


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    text: str
    rule: str
    category: str
    severity: str
    message: str
    suggestions: tuple[str, ...] = field(default=())
    source: str = ""

    def to_dict(self) -> dict:
        """A plain dict of plain values, ready for json's C encoder."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "source": self.source,
        }


def new_finding(**fields) -> Finding:
    """A Finding made without the frozen dataclass's __init__, for the checker's hot loop.

    A frozen dataclass sets each field through object.__setattr__, which made building
    findings a tenth of the time of checking a dense note; filling the instance dict
    directly gives the same object (equality, hashing, repr and frozenness all read the
    fields) about four times faster. Every field must be given.
    """
    finding = object.__new__(Finding)
    finding.__dict__.update(fields)
    return finding
