"""The power map: client and therapist side by side on each dimension, and where the
therapist holds privilege the client does not.

Positions on the picture: marginalisation at the left, privilege at the right, "both" and
"neither" in the middle. A difference counts only when both people said how they live it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from alongside.context.models import LivedAs

SCORE = {
    LivedAs.MARGINALISATION: 0,
    LivedAs.BOTH: 1,
    LivedAs.NEITHER: 1,
    LivedAs.PRIVILEGE: 2,
}
HOLDS_PRIVILEGE = {LivedAs.PRIVILEGE, LivedAs.BOTH}

THERAPIST_HOLDS = "therapist_holds"
CLIENT_HOLDS = "client_holds"
SIMILAR = "similar"
UNKNOWN = "unknown"

RELATION_TEXT = {
    THERAPIST_HOLDS: _("Therapist holds privilege the client does not"),
    CLIENT_HOLDS: _("Client holds privilege the therapist does not"),
    SIMILAR: _("Similar position"),
    UNKNOWN: _("Not known: one of you has not said, or chose not to"),
}
# The same, said to the client on their own page.
RELATION_TEXT_MINE = {
    THERAPIST_HOLDS: _("Your therapist holds privilege you do not"),
    CLIENT_HOLDS: _("You hold privilege your therapist does not"),
    SIMILAR: _("Similar position"),
    UNKNOWN: _("Not known: one of you has not said, or chose not to"),
}
# "Both" and "neither" share the middle of the line; a word under the marker tells them apart.
MIDDLE_WORDS = {LivedAs.BOTH: _("both"), LivedAs.NEITHER: _("neither")}


def lived(entry) -> str:
    """How the person lives this dimension, or "" if not said (or they prefer not to say)."""
    if entry is None or entry.prefer_not_to_say:
        return ""
    return entry.lived_as


def relation(client_lived: str, therapist_lived: str) -> str:
    if not client_lived or not therapist_lived:
        return UNKNOWN
    c, t = SCORE[client_lived], SCORE[therapist_lived]
    if therapist_lived in HOLDS_PRIVILEGE and t > c:
        return THERAPIST_HOLDS
    if client_lived in HOLDS_PRIVILEGE and c > t:
        return CLIENT_HOLDS
    return SIMILAR


@dataclass
class Row:
    label: str
    client: object  # MapEntry or None
    therapist: object  # Position or None
    relation: str

    @property
    def client_lived(self):
        return lived(self.client)

    @property
    def therapist_lived(self):
        return lived(self.therapist)

    @property
    def relation_text(self):
        return RELATION_TEXT[self.relation]

    @property
    def relation_text_mine(self):
        return RELATION_TEXT_MINE[self.relation]

    @property
    def client_word(self):
        return MIDDLE_WORDS.get(self.client_lived, "")

    @property
    def therapist_word(self):
        return MIDDLE_WORDS.get(self.therapist_lived, "")

    @property
    def client_x(self):
        return x_for(self.client_lived)

    @property
    def therapist_x(self):
        return x_for(self.therapist_lived)

    @property
    def gap_from(self):
        return min(self.client_x or 0, self.therapist_x or 0)

    @property
    def gap_width(self):
        return abs((self.client_x or 0) - (self.therapist_x or 0))


# Geometry of the picture, in viewBox units (the SVG scales to its container).
LEFT, RIGHT = 24, 376


def x_for(lived_as: str):
    if not lived_as:
        return None
    return LEFT + (RIGHT - LEFT) * SCORE[lived_as] // 2


def build(dimensions, client_entries, positions) -> list[Row]:
    """Pair the client's entries with the therapist's positions by dimension.

    `dimensions` fixes the order; the client's own custom dimensions follow, with nothing on
    the therapist's side (the therapist's custom ones are theirs and are not compared).
    """
    by_dim = {e.dimension_id: e for e in client_entries if e.dimension_id}
    mine = {p.dimension_id: p for p in positions if p.dimension_id}
    rows = [
        Row(
            str(d.display),
            by_dim.get(d.pk),
            mine.get(d.pk),
            relation(lived(by_dim.get(d.pk)), lived(mine.get(d.pk))),
        )
        for d in dimensions
    ]
    rows += [Row(e.custom_label, e, None, UNKNOWN) for e in client_entries if not e.dimension_id]
    return rows


def summary(rows) -> dict:
    return {
        "therapist_holds": [r.label for r in rows if r.relation == THERAPIST_HOLDS],
        "client_holds": [r.label for r in rows if r.relation == CLIENT_HOLDS],
        "unknown": sum(1 for r in rows if r.relation == UNKNOWN),
    }


ROW_HEIGHT = 72
TOP = 84  # room for the legend


@dataclass
class PictureRow:
    row: Row
    label_y: int
    line_y: int


@dataclass
class Picture:
    rows: list[PictureRow]
    height: int
    left: int = LEFT
    right: int = RIGHT
    middle: int = (LEFT + RIGHT) // 2


def layout(rows) -> Picture:
    """Where each row goes on the SVG (viewBox 400 wide, scaled to fit any screen)."""
    placed = [
        PictureRow(row, TOP + i * ROW_HEIGHT + 18, TOP + i * ROW_HEIGHT + 42)
        for i, row in enumerate(rows)
    ]
    return Picture(placed, TOP + len(rows) * ROW_HEIGHT + 10)
