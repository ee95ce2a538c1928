"""The demo: `make demo` stays small; `seed_demo --clients N` adds a large invented practice
that the report can show."""

import io
import json

from django.core.management import call_command
from django.db.models import Max

from alongside.clients.caseload import search
from alongside.clients.models import Client
from alongside.context.models import MapEntry
from alongside.equity.tests.helpers import practice_of
from alongside.equity.tests.test_report import _group, _report, _table


def test_seed_demo_with_clients_adds_a_year_of_records_and_the_report_shows_them(db):
    call_command("seed_demo", stdout=io.StringIO())
    small = Client.objects.count()
    assert small < 20
    call_command("seed_demo", "--clients", "60", stdout=io.StringIO())
    assert Client.objects.count() == 60
    out = io.StringIO()
    call_command("equity_report", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    people = next(t for t in payload["tables"] if t["metric"] == "people")
    assert people["total"]["n"] == 60
    attendance = next(t for t in payload["tables"] if t["metric"] == "attendance")
    assert attendance["total"]["sessions"] > 600
    # Its sessions go in by bulk_create: their clients' last session dates are set too.
    latest = Client.objects.annotate(latest=Max("sessions__date"))
    assert all(c.last_session_on == c.latest for c in latest)
    assert latest.filter(last_session_on__isnull=False).count() > 50
    # Their clients go in by bulk_create too: each is indexed, so search finds them by name.
    assert not Client.objects.filter(name_bucket="").exists()
    therapist = Client.objects.order_by("-pk").first().therapist
    found, _more = search(therapist, "invented person")
    assert found and all(c.chosen_name.startswith("Invented Person") for c in found)
    call_command("seed_demo", "--clients", "60", stdout=io.StringIO())
    assert Client.objects.count() == 60, "running it again adds nobody"


def test_changing_ones_words_moves_them_between_groups_at_once(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    assert _group(_table(_report(cast)[0], "people"), "White")["n"] == 12
    entry = MapEntry.objects.get(client=clients[0], dimension__code="ethnicity")
    entry.words = "White and Black Caribbean"
    entry.save()
    people = _table(_report(cast)[0], "people")
    assert _group(people, "White")["n"] == 13
    assert _group(people, "Black")["n"] == 12
