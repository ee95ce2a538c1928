"""Numbers in the reader's language."""

from django.utils import translation

from alongside.core.numbers import percent, plain


def test_a_decimal_is_written_with_the_readers_decimal_mark():
    with translation.override("en"):
        assert [plain(19.5), plain(8.8333333), plain(7.0), plain(12)] == [
            "19.5",
            "8.83333",
            "7",
            "12",
        ]
    with translation.override("es"):
        assert [plain(19.5), plain(8.8333333), plain(7.0), plain(12)] == [
            "19,5",
            "8,83333",
            "7",
            "12",
        ]


def test_a_very_large_or_small_value_is_never_written_with_an_exponent():
    with translation.override("en"):
        assert plain(1234567.0) == "1234567"
        assert plain(0.0000015) == "0.000002"


def test_a_share_is_a_whole_percentage_written_as_the_language_does():
    with translation.override("en"):
        assert [percent(0.195), percent(0.0), percent(1)] == ["20%", "0%", "100%"]
    with translation.override("es"):
        assert percent(0.195) == "20\u00a0%"
