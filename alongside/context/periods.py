"""Approximate periods: a year, maybe a month, maybe still going on."""

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def _point(year, month) -> str:
    if not year:
        return ""
    return f"{MONTHS[month]} {year}" if month else str(year)


def describe_period(experience) -> str:
    start = _point(experience.start_year, experience.start_month)
    end = _point(experience.end_year, experience.end_month)
    if experience.ongoing:
        text = _("%(start)s until now") % {"start": start} if start else _("ongoing")
    elif start and end and end != start:
        text = f"{start} – {end}"
    else:
        text = start or end
    if text and experience.approximate:
        text = _("about %(when)s") % {"when": text}
    if experience.when_words:
        text = f"{text} ({experience.when_words})" if text else experience.when_words
    return text or _("no date given")
