"""Trend charts as data: coordinates, ticks and labels that a template draws as SVG.

Nothing a person typed goes into a chart: only numbers, dates and our own labels. Colour is
never the only cue (it must read in grey-scale): bands are light and dark grey with their
names written in, reliable change is a different shape, sessions and life events sit in
separate rows under the time axis. The data table under each chart says it all again in text.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.core.numbers import plain

# A narrow viewBox keeps the text readable when a phone scales the chart down to ~300px.
WIDTH, HEIGHT = 340, 250
LEFT, TOP = 40, 10
RIGHT_PLAIN, RIGHT_BANDS = 8, 74  # room for band names beside the plot
PLOT_BOTTOM = HEIGHT - 70
SESSION_ROW = PLOT_BOTTOM + 34
EVENT_ROW = PLOT_BOTTOM + 56


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: "end" for a label at the chart's right edge


# A date label centred closer than this to the picture's right edge is cut off (about half
# the width of "Dec" or "16 Nov" at 13px): it ends at its tick instead.
EDGE = 24


@dataclass(frozen=True)
class BandArea:
    y: float
    height: float
    label: str
    shade: str
    label_y: float

    @property
    def words(self) -> list[tuple[float, str]]:
        """The name on up to two lines, centred on the band: [(y, text)]."""
        words = self.label.split()
        lines = [self.label] if len(words) < 2 else [words[0], " ".join(words[1:])]
        first = self.label_y - 6.5 * (len(lines) - 1)
        return [(round(first + 13 * n, 1), text) for n, text in enumerate(lines)]


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    when: date
    value: float
    change: str | None  # "better", "worse" or None

    @property
    def square_x(self) -> float:
        return round(self.x - 6, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 6, 1)

    @property
    def diamond(self) -> str:
        return f"M{self.x},{round(self.y - 8, 1)} l8,8 l-8,8 l-8,-8 z"


@dataclass(frozen=True)
class Mark:
    x: float
    when: date
    kind: str  # "session" or "event"


@dataclass
class Chart:
    key: str
    title: str
    summary: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    bands: list[BandArea]
    dots: list[Dot]
    line: str
    sessions: list[Mark] = field(default_factory=list)
    events: list[Mark] = field(default_factory=list)
    has_reliable_change: bool = False
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT_PLAIN
    top: int = TOP
    bottom: int = PLOT_BOTTOM
    session_row: int = SESSION_ROW
    event_row: int = EVENT_ROW

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def band_label_x(self) -> int:
        return self.right + 5


def _nice_step(span: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50):
        if span / step <= 6:
            return step
    return span / 5


def _date_ticks(start: date, end: date, x) -> list[Tick]:
    days = (end - start).days
    if days <= 60:
        first = start + timedelta(days=(7 - start.weekday()) % 7)  # Mondays
        dates = [first + timedelta(weeks=n) for n in range(days // 7 + 1)]
        fmt = "j M"
    else:
        dates, month = [], date(start.year, start.month, 1)
        while month <= end:
            if month >= start:
                dates.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        fmt = "M" if days < 330 else "M Y"
    dates = [d for d in dates if start <= d <= end]
    while len(dates) > 5:
        dates = dates[::2]
    return [
        Tick(x(d), date_format(d, fmt), "end" if x(d) > WIDTH - EDGE else "middle") for d in dates
    ]


def build(instrument, points, *, sessions=(), events=()) -> Chart:
    """points: [(date, Score)] oldest first; sessions / events: dates to mark on the time axis."""
    scale = instrument.scale
    low, high = scale.total_min, scale.total_max
    scored = [(when, s.total) for when, s in points if s.total is not None]
    dates = [when for when, _ in scored] or [date.today()]
    start, end = min(dates) - timedelta(days=3), max(dates) + timedelta(days=3)
    if (end - start).days < 28:
        middle = start + (end - start) / 2
        start, end = middle - timedelta(days=14), middle + timedelta(days=14)
    span_days = max((end - start).days, 1)
    right = WIDTH - (RIGHT_BANDS if scale.bands else RIGHT_PLAIN)

    def x(when: date) -> float:
        return round(LEFT + (when - start).days / span_days * (right - LEFT), 1)

    def y(value: float) -> float:
        return round(PLOT_BOTTOM - (value - low) / (high - low) * (PLOT_BOTTOM - TOP), 1)

    step = _nice_step(high - low)
    y_ticks, value = [], low
    while value <= high:
        y_ticks.append(Tick(y(value), plain(value)))
        value += step
    if value - step < high:
        # The axis names its top (45 on the discrimination scale, not 40), dropping a tick
        # too close to it to read.
        if high - (value - step) < step * 0.4:
            y_ticks.pop()
        y_ticks.append(Tick(y(high), plain(high)))

    bands = []
    for n, band in enumerate(scale.bands):
        top = y(min(band.high + (0.5 if band.high < high else 0), high))
        bottom = y(max(band.low - (0.5 if band.low > low else 0), low))
        bands.append(
            BandArea(
                y=top,
                height=round(bottom - top, 1),
                label=str(band.label),
                shade="#e4e4e4" if n % 2 else "#f6f6f6",
                label_y=round((top + bottom) / 2 + 4, 1),
            )
        )

    first = scored[0][1] if scored else None
    dots = [
        Dot(x(when), y(total), when, total, scale.change(first, total) if n else None)
        for n, (when, total) in enumerate(scored)
    ]
    line = " ".join(f"{d.x},{d.y}" for d in dots)
    in_range = [d for d in sessions if start <= d <= end]
    event_marks = [Mark(x(d), d, "event") for d in events if start <= d <= end]
    if scored:
        latest = scored[-1][1]
        band = scale.band_for(latest)
        values = {
            "count": len(scored),
            "start": date_format(scored[0][0], "SHORT_DATE_FORMAT"),
            "end": date_format(scored[-1][0], "SHORT_DATE_FORMAT"),
            "first": plain(first),
            "latest": plain(latest),
        }
        if band:  # one whole sentence each way: the band's brackets are part of it
            summary = ngettext(
                "%(count)s answer from %(start)s to %(end)s. "
                "First %(first)s, latest %(latest)s (%(band)s).",
                "%(count)s answers from %(start)s to %(end)s. "
                "First %(first)s, latest %(latest)s (%(band)s).",
                len(scored),
            ) % {**values, "band": band.label}
        else:
            summary = (
                ngettext(
                    "%(count)s answer from %(start)s to %(end)s. "
                    "First %(first)s, latest %(latest)s.",
                    "%(count)s answers from %(start)s to %(end)s. "
                    "First %(first)s, latest %(latest)s.",
                    len(scored),
                )
                % values
            )
    else:
        summary = _("No answers yet.")
    return Chart(
        key=instrument.key,
        title=str(scale.label),
        summary=summary,
        y_ticks=y_ticks,
        x_ticks=_date_ticks(start, end, x),
        bands=bands,
        dots=dots,
        line=line,
        sessions=[Mark(x(d), d, "session") for d in in_range],
        events=event_marks,
        has_reliable_change=scale.reliable_change is not None,
        right=right,
    )
