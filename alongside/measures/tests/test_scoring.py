"""Scoring against worked examples, band edges, reversed items and missing items."""

import pytest

from alongside.measures.scoring import (
    EDS,
    GAD7,
    PHQ9,
    SESSION_FEEDBACK,
    Band,
    ReliableChange,
    Scale,
    Subscale,
)


def values(prefix, scores):
    return {f"{prefix}-{n}": s for n, s in enumerate(scores, start=1)}


# PHQ-9 -------------------------------------------------------------------------------------


def test_phq9_worked_example_sums_the_nine_items_and_names_the_band():
    score = PHQ9.score(values("phq9", [2, 2, 3, 2, 2, 2, 2, 1, 0]))
    assert score.total == 16
    assert score.band.label == "moderately severe"
    assert not score.prorated and score.missing == ()
    assert score.alerts == ()


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_edges_follow_kroenke_2001(total, band):
    assert PHQ9.band_for(total).label == band


def test_phq9_all_zero_and_all_three_are_the_ends_of_the_range():
    assert PHQ9.score(values("phq9", [0] * 9)).total == 0
    assert PHQ9.score(values("phq9", [3] * 9)).total == 27


def test_phq9_item_nine_above_zero_raises_a_safety_alert_whatever_the_total():
    score = PHQ9.score(values("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1]))
    assert score.total == 1 and score.band.label == "minimal"
    assert [a.item for a in score.alerts] == ["phq9-9"]


def test_phq9_one_missing_item_is_prorated_and_two_give_no_total():
    one = values("phq9", [2, 2, 2, 2, 2, 2, 2, 1, None])
    score = PHQ9.score(one)
    # mean of 8 answers (15/8 = 1.875) times 9 = 16.875, rounded half up
    assert score.total == 17 and score.prorated and score.missing == ("phq9-9",)
    two = values("phq9", [2, 2, 2, 2, 2, 2, 2, None, None])
    assert PHQ9.score(two).total is None
    assert PHQ9.score(two).band is None


def test_phq9_an_answer_out_of_range_is_refused():
    with pytest.raises(ValueError):
        PHQ9.score(values("phq9", [4, 0, 0, 0, 0, 0, 0, 0, 0]))


def test_phq9_reliable_change_is_six_points_with_its_source():
    assert PHQ9.reliable_change.points == 6
    assert "Talking Therapies" in PHQ9.reliable_change.source
    assert PHQ9.change(16, 10) == "better"
    assert PHQ9.change(16, 11) is None  # 5 points: could be noise
    assert PHQ9.change(8, 14) == "worse"


# GAD-7 -------------------------------------------------------------------------------------


def test_gad7_worked_example():
    score = GAD7.score(values("gad7", [2, 3, 2, 2, 1, 2, 2]))
    assert score.total == 14 and score.band.label == "moderate"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_edges_follow_spitzer_2006(total, band):
    assert GAD7.band_for(total).label == band


def test_gad7_reliable_change_is_four_points():
    assert GAD7.change(14, 10) == "better"
    assert GAD7.change(14, 11) is None


def test_gad7_missing_items():
    assert GAD7.score(values("gad7", [3, 3, 3, 3, 3, 3, None])).total == 21
    assert GAD7.score(values("gad7", [3, 3, 3, 3, 3, None, None])).total is None


# EDS ---------------------------------------------------------------------------------------


def test_eds_sums_frequencies_from_never_0_to_almost_every_day_5():
    score = EDS.score(values("eds", [3, 3, 2, 2, 1, 2, 3, 3, 2]))
    assert score.total == 21
    assert score.band is None  # no published cut-offs: none invented
    assert EDS.total_max == 45
    assert EDS.change(10, 40) is None  # no published reliable-change threshold


def test_eds_any_missing_item_gives_no_total():
    assert EDS.score(values("eds", [1] * 8 + [None])).total is None


# Session feedback --------------------------------------------------------------------------


def test_session_feedback_is_the_mean_of_six_ratings_higher_is_better():
    score = SESSION_FEEDBACK.score(
        {"safe": 9, "heard": 9, "respected": 9, "power": 8, "mattered": 8, "overall": 9}
    )
    assert score.total == 8.67
    assert SESSION_FEEDBACK.higher_is_better
    assert SESSION_FEEDBACK.total_min == 0 and SESSION_FEEDBACK.total_max == 10


def test_session_feedback_with_a_rating_missing_gives_no_total():
    assert SESSION_FEEDBACK.score({"safe": 9, "heard": 9}).total is None


def test_session_feedback_rejects_eleven():
    with pytest.raises(ValueError):
        SESSION_FEEDBACK.score({"safe": 11})


# The generic scale: reverse items, subscales, higher-is-better change -------------------


BRS_LIKE = Scale(
    key="brs-like",
    items=tuple(f"b{n}" for n in range(1, 7)),
    item_min=1,
    item_max=5,
    method="mean",
    reverse=frozenset({"b2", "b4", "b6"}),
    higher_is_better=True,
    reliable_change=ReliableChange(1, "test"),
    bands=(Band(1, 2.99, "low"), Band(3, 4.3, "normal"), Band(4.31, 5, "high")),
)


def test_reverse_scored_items_count_from_the_other_end():
    # Brief Resilience Scale worked example: agreeing with the positive items (4) and
    # disagreeing with the negative ones (2, reversed to 4) gives a mean of 4.
    score = BRS_LIKE.score({"b1": 4, "b2": 2, "b3": 4, "b4": 2, "b5": 4, "b6": 2})
    assert score.total == 4.0 and score.band.label == "normal"
    assert BRS_LIKE.item_value("b2", 1) == 5 and BRS_LIKE.item_value("b1", 1) == 1


def test_a_rise_is_better_when_higher_is_better():
    assert BRS_LIKE.change(2.5, 3.5) == "better"
    assert BRS_LIKE.change(3.5, 2.5) == "worse"


def test_subscales_are_scored_with_the_same_rules():
    scale = Scale(
        key="wai-like",
        items=("t1", "t2", "b1", "b2"),
        item_min=1,
        item_max=5,
        subscales=(Subscale("task", "Task", ("t1", "t2")),),
    )
    score = scale.score({"t1": 5, "t2": 4, "b1": 1, "b2": 2})
    assert score.total == 12 and score.subscales == {"task": 9.0}
