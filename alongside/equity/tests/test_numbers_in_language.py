"""The equity report writes its numbers as the reader does: "19,5" and "20 %" in Spanish."""

from django.utils import translation

from alongside.equity.presenting import shown


def test_rates_and_averages_follow_the_readers_language():
    with translation.override("en"):
        assert [shown("attended_rate", 0.195), shown("mean_safe", 7.5)] == ["20%", "7.5"]
    with translation.override("es"):
        assert [shown("attended_rate", 0.195), shown("mean_safe", 7.5)] == ["20\u00a0%", "7,5"]
        assert shown("median_days", 12) == "12"
