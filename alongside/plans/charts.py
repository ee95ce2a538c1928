"""The client's own progress ratings for one goal, as data a template draws as SVG.

Only numbers, dates and our labels go in (nothing typed). The chart is small and says it
all again in the table beneath it; points are shapes on a line, not colours.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 310, 10, 120


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    when: date
    rating: int


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor


@dataclass
class ProgressChart:
    key: str
    title: str
    summary: str
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def line(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def _y(rating: int) -> float:
    return round(BOTTOM - (BOTTOM - TOP) * rating / 10, 1)


def progress_chart(goal, ratings) -> ProgressChart | None:
    """None until there is a rating to draw."""
    if not ratings:
        return None
    first, last = ratings[0].rated_on, ratings[-1].rated_on
    span = max((last - first).days, 1)
    inner = RIGHT - LEFT - 16

    def x(when):
        if first == last:
            return (LEFT + RIGHT) / 2
        return round(LEFT + 8 + inner * (when - first).days / span, 1)

    points = [Point(x(r.rated_on), _y(r.rating), r.rated_on, r.rating) for r in ratings]
    x_ticks = [Tick(x(first), date_format(first, "MONTH_DAY_FORMAT"))]
    if last != first:
        # Centred under the last point, "16 Nov" ran past the picture's right edge.
        x_ticks.append(Tick(x(last), date_format(last, "MONTH_DAY_FORMAT"), "end"))
    latest = ratings[-1].rating
    summary = ngettext(
        "%(count)s rating from %(first)s to %(last)s, from 0 (not started) to 10 (there). "
        "Latest: %(latest)s.",
        "%(count)s ratings from %(first)s to %(last)s, from 0 (not started) to 10 (there). "
        "Latest: %(latest)s.",
        len(ratings),
    ) % {
        "count": len(ratings),
        "first": date_format(first, "SHORT_DATE_FORMAT"),
        "last": date_format(last, "SHORT_DATE_FORMAT"),
        "latest": latest,
    }
    return ProgressChart(
        key=f"goal-{goal.pk}",
        title=_("How far this goal has come, in the client's own ratings"),
        summary=summary,
        points=points,
        y_ticks=[Tick(_y(n), str(n)) for n in (0, 5, 10)],
        x_ticks=x_ticks,
    )
