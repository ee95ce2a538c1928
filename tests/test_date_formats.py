"""Dates read right in every shipped language: each language's formats module defines every
named format (a missing one would print as a jumble of letters), the weekday formats read as
people write them, and no template writes its own date format."""

import re
from datetime import date, datetime
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from alongside.formats import NAMES

ROOT = Path(__file__).resolve().parent.parent / "alongside"
MONDAY = datetime(2026, 12, 7, 9, 5)  # naive: shown as written, whatever the time zone


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_each_shipped_language_defines_every_named_format(code):
    module = import_module(f"alongside.formats.{code}.formats")
    assert [name for name in NAMES if not getattr(module, name, "")] == []


def _render(code: str, name: str, value=MONDAY) -> str:
    with translation.override(code):
        return Template(f'{{{{ value|date:"{name}"|capfirst }}}}').render(Context({"value": value}))


@pytest.mark.parametrize(
    ("name", "english", "spanish"),
    [
        ("WEEKDAY_DATE_FORMAT", "Monday 7 December 2026", "Lunes 7 de diciembre de 2026"),
        (
            "WEEKDAY_DATETIME_FORMAT",
            "Monday 7 December 2026, 09:05",
            "Lunes 7 de diciembre de 2026, 09:05",
        ),
        (
            "WEEKDAY_MONTH_DAY_TIME_FORMAT",
            "Monday 7 December, 09:05",
            "Lunes 7 de diciembre, 09:05",
        ),
        ("SHORT_WEEKDAY_MONTH_DAY_FORMAT", "Mon 7 Dec", "Lun 7 dic"),
    ],
)
def test_a_day_of_the_week_reads_as_people_write_it(name, english, spanish):
    assert _render("en", name) == english
    assert _render("es", name) == spanish


def test_inside_a_spanish_sentence_the_day_of_the_week_is_lower_case():
    with translation.override("es"):
        text = Template('Tu cita del {{ day|date:"WEEKDAY_DATE_FORMAT" }}').render(
            Context({"day": date(2026, 12, 9)})
        )
    assert text == "Tu cita del miércoles 9 de diciembre de 2026"


WRITTEN_FORMAT = re.compile(r"""\|date:["']([^"']*)["']""")
# A machine format, not a reader's: the ?date= of calendar links and date inputs.
MACHINE = {"Y-m-d"}


def test_no_template_writes_its_own_date_format():
    found = [
        f"{path.relative_to(ROOT.parent)}: {written}"
        for path in sorted(ROOT.glob("*/templates/**/*"))
        if path.is_file()
        for written in WRITTEN_FORMAT.findall(path.read_text())
        if written not in NAMES and written not in MACHINE
    ]
    assert found == [], "use a named format (alongside/formats):\n" + "\n".join(found)
