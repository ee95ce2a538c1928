"""A client's results per instrument, as a reader may see them: rows, chart, life events."""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from alongside.measures import charts, instruments
from alongside.measures.models import Response
from alongside.notes.models import Session


@dataclass
class Row:
    response: Response
    when: object  # date
    score: object  # scoring.Score
    values: dict
    change: str | None = None
    difference: float | None = None


# Column headings for the session-feedback table: each question is too long for a column, and
# its link id ("mattered") is a code, not a word in the reader's language.
FEEDBACK_COLUMNS = {
    "safe": pgettext_lazy("session feedback column: I felt safe", "Safe"),
    "heard": pgettext_lazy("session feedback column: I felt heard", "Heard"),
    "respected": pgettext_lazy("session feedback column: identity respected", "Respected"),
    "power": pgettext_lazy("session feedback column: we shared power", "Power shared"),
    "mattered": pgettext_lazy("session feedback column: worked on what mattered", "What mattered"),
    "overall": pgettext_lazy("session feedback column: overall rating", "Overall"),
}


@dataclass(frozen=True)
class Column:
    link_id: str
    label: str
    text: str  # the whole question, in the reader's language where the file has it


@dataclass
class Trend:
    instrument: instruments.Instrument
    rows: list[Row]
    chart: charts.Chart
    item_columns: list = field(default_factory=list)

    @property
    def latest(self) -> Row | None:
        return self.rows[-1] if self.rows else None


def life_events(user, client):
    """Dates to mark on the time axis: sessions, and experiences the reader may see."""
    sessions = list(
        Session.objects.visible_to(user).filter(client=client).values_list("date", flat=True)
    )
    events = []
    if apps.is_installed("alongside.context"):
        from alongside.context.models import Experience

        for year, month in (
            Experience.objects.visible_to(user)
            .filter(client=client, start_year__isnull=False)
            .values_list("start_year", "start_month")
        ):
            events.append(timezone.datetime(year, month or 1, 1).date())
    return sorted(sessions), sorted(events)


def trends(user, client) -> list[Trend]:
    responses = (
        Response.objects.visible_to(user).completed().filter(client=client).order_by("submitted_at")
    )
    by_instrument: dict[str, list[Response]] = {}
    for response in responses:
        by_instrument.setdefault(response.instrument, []).append(response)
    sessions, events = life_events(user, client)
    found = []
    registry = instruments.registry()
    for key, instrument in registry.items():
        if key not in by_instrument:
            continue
        rows = []
        for response in by_instrument[key]:
            answers = response.answers
            rows.append(
                Row(
                    response=response,
                    when=timezone.localdate(response.submitted_at),
                    score=instrument.score(answers),
                    values=instrument.values(answers),
                )
            )
        first = next((r.score.total for r in rows if r.score.total is not None), None)
        for row in rows[1:]:
            if row.score.total is not None and first is not None:
                row.difference = round(row.score.total - first, 2)
                row.change = instrument.scale.change(first, row.score.total)
        chart = charts.build(
            instrument, [(r.when, r.score) for r in rows], sessions=sessions, events=events
        )
        columns = []
        if key == "session-feedback":
            shown, _in_language = instruments.for_language(key, translation.get_language())
            columns = [
                Column(link_id, FEEDBACK_COLUMNS[link_id], shown.question(link_id).text)
                for link_id in instrument.scale.items
            ]
        found.append(Trend(instrument, rows, chart, columns))
    return found
