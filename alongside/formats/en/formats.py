# Day first, month in words: read the same way in every English-speaking country.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
# With the day of the week (alongside/formats/__init__.py): "Monday 7 December 2026".
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F, H:i"
SHORT_WEEKDAY_MONTH_DAY_FORMAT = "D j M"
