"""Chart geometry: dates along x, the scale's range along y, markers for reliable change."""

from datetime import date, timedelta

from alongside.measures import charts, instruments
from alongside.measures.scoring import Score


def _points(totals, start=date(2026, 1, 5), weeks=4):
    return [(start + timedelta(weeks=weeks * n), Score(total=t)) for n, t in enumerate(totals)]


def test_points_fall_inside_the_plot_and_lower_scores_sit_lower():
    chart = charts.build(instruments.get("phq-9"), _points([27, 0]))
    high, low = chart.dots
    assert high.y == chart.top and low.y == chart.bottom
    assert chart.left <= high.x < low.x <= chart.right


def test_reliable_change_from_the_first_answer_is_marked():
    chart = charts.build(instruments.get("phq-9"), _points([16, 12, 10, 22]))
    assert [d.change for d in chart.dots] == [None, None, "better", "worse"]


def test_bands_are_drawn_with_their_names():
    chart = charts.build(instruments.get("gad-7"), _points([5, 9]))
    assert [b.label for b in chart.bands] == ["minimal", "mild", "moderate", "severe"]
    assert chart.bands[0].y > chart.bands[-1].y  # minimal at the bottom


def test_sessions_and_life_events_outside_the_period_are_left_out():
    start = date(2026, 1, 5)
    chart = charts.build(
        instruments.get("eds"),
        _points([10, 12]),
        sessions=[start + timedelta(days=7), start - timedelta(days=90)],
        events=[start + timedelta(days=10)],
    )
    assert len(chart.sessions) == 1 and len(chart.events) == 1


def test_unscored_answers_are_left_off_the_line_and_the_summary_says_so():
    chart = charts.build(instruments.get("eds"), [(date(2026, 1, 5), Score(total=None))])
    assert chart.dots == [] and chart.summary == "No answers yet."


def test_the_value_axis_names_the_whole_range_of_every_instrument():
    for key in ("eds", "phq-9", "gad-7", "session-feedback"):
        scale = instruments.get(key).scale
        chart = charts.build(instruments.get(key), _points([scale.total_min, scale.total_max]))
        labels = [tick.label for tick in chart.y_ticks]
        assert labels[0] == f"{scale.total_min:g}" and labels[-1] == f"{scale.total_max:g}", key
        assert chart.y_ticks[-1].pos == chart.top, key


def test_the_summary_is_one_sentence_in_the_readers_language_with_its_numbers():
    from django.utils import translation

    phq = instruments.get("phq-9")
    points = [(date(2026, 3, 2), Score(total=12.5)), (date(2026, 4, 6), Score(total=8))]
    with translation.override("es"):
        chart = charts.build(phq, points)
    assert chart.summary.startswith("2 respuestas, del 2 Mar 2026 al 6 Abr 2026. Primera: 12,5;")


def test_a_date_label_at_the_right_edge_ends_at_its_tick_so_it_is_not_cut_off():
    # Session feedback has no bands, so its plot runs to 8px from the picture's edge.
    weekly = _points([8] * 18, start=date(2026, 8, 5), weeks=1)  # to 2 Dec: "Dec" at the edge
    chart = charts.build(instruments.get("session-feedback"), weekly)
    edge = [t for t in chart.x_ticks if t.pos > chart.width - charts.EDGE]
    assert edge and all(t.anchor == "end" for t in edge)
    assert all(t.anchor == "middle" for t in chart.x_ticks if t not in edge)
