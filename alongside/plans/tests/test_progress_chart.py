"""The goal's progress chart keeps its date labels inside the picture."""

from datetime import date
from types import SimpleNamespace

from alongside.plans.charts import WIDTH, progress_chart


def rating(on, value):
    return SimpleNamespace(rated_on=on, rating=value)


def test_the_last_date_ends_at_its_point_instead_of_running_past_the_edge():
    chart = progress_chart(
        SimpleNamespace(pk=1), [rating(date(2026, 10, 5), 2), rating(date(2026, 11, 16), 5)]
    )
    first, last = chart.x_ticks
    assert first.anchor == "middle"
    assert last.anchor == "end" and last.pos <= WIDTH


def test_a_single_rating_keeps_its_date_centred():
    chart = progress_chart(SimpleNamespace(pk=1), [rating(date(2026, 10, 5), 2)])
    assert [t.anchor for t in chart.x_ticks] == ["middle"]
