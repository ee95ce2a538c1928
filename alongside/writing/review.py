"""The wording check once more, over a whole note, just before it is signed.

Read-only and never blocking: the sign page lists what the checker finds in each section
so the therapist can go back and change it, or sign as it is.
"""

from alongside.writing.checking import findings_for
from alongside.writing.editor import silenced_lines


def review_sections(sections, *, client) -> list[dict]:
    """Per section with text: its findings and what the client's preferences kept quiet.

    `sections` are (name, label, text) triples; sections with nothing found are left out.
    """
    reviewed = []
    for name, label, text in sections:
        silenced: list = []
        findings = findings_for(text, client=client, silenced=silenced)
        if findings or silenced:
            reviewed.append(
                {
                    "name": name,
                    "label": label,
                    "findings": findings,
                    "silenced": silenced_lines(silenced),
                }
            )
    return reviewed


def finding_count(reviewed: list[dict]) -> int:
    return sum(len(section["findings"]) for section in reviewed)
