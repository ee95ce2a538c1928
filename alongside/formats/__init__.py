"""Date formats per language (FORMAT_MODULE_PATH). Templates name a format, never write one:
`|date:"DATE_FORMAT"`, and for a day of the week `|date:"WEEKDAY_DATE_FORMAT"`.

Django's `|date` and `formats.date_format` look any name up in the active language's module
here, so the WEEKDAY_* names below work like Django's own. A language's module must define
every name in NAMES: a name it lacks is not an error but is printed as a format string
("WEEKDAY_DATE_FORMAT" becomes a jumble of letters). tests/test_date_formats.py checks it.
"""

DJANGO_NAMES = (
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "TIME_FORMAT",
)
# Ours: the day of the week, for appointments (a time is easier to place with its day).
OUR_NAMES = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "WEEKDAY_MONTH_DAY_TIME_FORMAT",
    "SHORT_WEEKDAY_MONTH_DAY_FORMAT",
)
NAMES = DJANGO_NAMES + OUR_NAMES
