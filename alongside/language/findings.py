"""The one thing the checker hands back: a span of text and why it may read badly."""

from dataclasses import asdict, dataclass, field

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
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        return data
