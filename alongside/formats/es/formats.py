# "7 de diciembre de 2026", as written in Mexico, Colombia and Spain alike.
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
# With the day of the week: "lunes 7 de diciembre de 2026" (no comma: these sit inside
# sentences, "tu cita del lunes 7 de diciembre"). Day names are lower case in Spanish; the
# appointments catalog translates "Monday" as "lunes", and a date that starts a heading
# or a line is written with |capfirst. "b" is the month's short name in lower case ("dic").
WEEKDAY_DATE_FORMAT = r"l j \d\e F \d\e Y"
WEEKDAY_DATETIME_FORMAT = r"l j \d\e F \d\e Y, H:i"
WEEKDAY_MONTH_DAY_TIME_FORMAT = r"l j \d\e F, H:i"
SHORT_WEEKDAY_MONTH_DAY_FORMAT = "D j b"
