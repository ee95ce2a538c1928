"""A calendar day formatted once per process reads exactly as Django's |date writes it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from alongside.core.dates import day
from alongside.formats import NAMES

DATE_NAMES = [name for name in NAMES if "TIME" not in name]


@given(
    value=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    name=st.sampled_from(DATE_NAMES),
    language=st.sampled_from(["en", "es"]),
)
def test_a_day_reads_as_djangos_date_filter_writes_it_in_each_language(value, name, language):
    with translation.override(language):
        first, again = day(value, name), day(value, name)  # the second from what was kept
        assert first == again == date_filter(value, name)


def test_the_same_day_is_written_in_the_language_of_each_reader():
    value = date(2026, 5, 1)
    with translation.override("en"):
        english = day(value, "DATE_FORMAT")
    with translation.override("es"):
        spanish = day(value, "DATE_FORMAT")
    assert english != spanish
    assert "May" in english and "mayo" in spanish.lower()


def test_a_moment_is_left_to_django_which_applies_the_readers_time_zone():
    late = datetime(2026, 5, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    with timezone.override(ZoneInfo("Pacific/Auckland")):  # already 2 May there
        assert day(late, "SHORT_DATE_FORMAT") == "2 May 2026"
        rendered = Template('{% load dates %}{{ late|day:"SHORT_DATE_FORMAT" }}').render(
            Context({"late": late})
        )
        assert rendered == "2 May 2026"


def test_nothing_is_written_as_nothing_and_the_filter_is_loadable():
    assert day(None, "SHORT_DATE_FORMAT") == ""
    rendered = Template('{% load dates %}{{ when|day:"SHORT_DATE_FORMAT" }}').render(
        Context({"when": date(2026, 12, 7)})
    )
    assert rendered == date_filter(date(2026, 12, 7), "SHORT_DATE_FORMAT")
