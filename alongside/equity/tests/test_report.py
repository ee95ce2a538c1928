"""The report's figures: who is counted, what is hidden, and what it costs."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.context.models import Dimension
from alongside.equity.metrics import Period
from alongside.equity.report import build
from alongside.equity.tests.helpers import client_with_history, opt_out, practice_of

YEAR = Period(date.today() - timedelta(days=365), date.today())


def _report(cast, by="ethnicity", also=None, viewer=None, **kw):
    dims = {d.code: d for d in Dimension.objects.all()}
    return build(
        cast.practice,
        period=YEAR,
        by=dims[by],
        also=dims[also] if also else None,
        viewer=viewer,
        **kw,
    )


def _table(report, metric):
    payload = report if isinstance(report, dict) else report.as_json()
    return next(t for t in payload["tables"] if t["metric"] == metric)


def _group(table, name):
    return next(r for r in table["rows"] if r["group"] == name)


def _counts(payload):
    """Every integer in the JSON that is a count (n or a count column)."""
    for table in payload["tables"]:
        for row in [table["total"], *table["rows"]]:
            for key, value in row.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    yield table["metric"], row["group"], key, value


def test_groups_come_from_clients_own_words(cast):
    practice_of(cast, black=12, white=11)
    whole, _own = _report(cast)
    people = _table(whole, "people")
    assert _group(people, "Black")["n"] == 12
    assert _group(people, "White")["n"] == 11
    assert people["total"]["n"] == 23
    # Nobody said nothing: a group of none looks the same as a group of a few.
    assert _group(people, "Not said, or prefer not to say")["n"] is None


def test_a_small_group_takes_the_next_smallest_with_it(cast):
    practice_of(cast, black=12, white=11)
    cast.client.equity_choice.delete()  # Ash, who said nothing on his map, is counted again
    people = _table(_report(cast)[0], "people")
    assert people["total"]["n"] == 24
    assert _group(people, "Not said, or prefer not to say")["n"] is None
    assert _group(people, "White")["n"] is None
    assert _group(people, "Black")["n"] == 12


def test_feedback_gap_shows_when_groups_are_big_enough(cast):
    practice_of(cast, black=12, white=12)
    whole, _own = _report(cast)
    feedback = _table(whole, "feedback")
    assert _group(feedback, "Black")["mean_safe"] == 6
    assert _group(feedback, "White")["mean_safe"] == 9


def test_a_client_who_opts_out_disappears_from_every_figure(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    leaving = clients[0]
    opt_out(leaving)
    with_choice = _report(cast)[0].as_json()
    # The same practice with that client's records gone altogether.
    leaving.delete()
    without = _report(cast)[0].as_json()
    assert with_choice == without


def test_an_opted_out_client_is_not_in_the_caseload_figures_either(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    before = _report(cast, viewer=cast.river)[1].as_json()
    opt_out(clients[-1])
    after = _report(cast, viewer=cast.river)[1].as_json()
    assert _table(before, "people")["total"]["n"] == 24
    assert _table(after, "people")["total"]["n"] == 23


def test_no_count_between_1_and_k_minus_1_is_published(cast):
    practice_of(cast, black=12, white=7)
    client_with_history(cast.practice, cast.colleague, "Black Caribbean", n=99)
    for also in (None, "gender"):
        whole, own = _report(cast, also=also, viewer=cast.river)
        for payload in (whole.as_json(), own.as_json()):
            small = [c for c in _counts(payload) if 0 < c[3] < payload["k"]]
            assert not small, small


def test_the_cli_json_and_csv_hold_no_small_cell(cast, client):
    practice_of(cast, black=12, white=6)
    out = io.StringIO()
    call_command("equity_report", "--json", "--k", "5", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["k"] == 5
    assert {"metric", "by", "total", "rows"} <= set(payload["tables"][0])
    assert not [c for c in _counts(payload) if 0 < c[3] < 5]
    out = io.StringIO()
    call_command("equity_report", "--json", "--k", "2", stdout=out)
    assert json.loads(out.getvalue())["k"] == 5, "k is never below 5"

    client.force_login(cast.admin)
    response = client.get("/practice/equity/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    values = [r[header.index("value")] for r in rows[1:] if len(r) == len(header)]
    numbers = [float(v) for v in values if v not in ("",)]
    counts = [
        int(float(r[header.index("value")]))
        for r in rows[1:]
        if len(r) == len(header) and r[header.index("value")] and r[4] in ("n",)
    ]
    assert numbers and counts
    assert not [n for n in counts if 0 < n < 10]


def test_a_caseload_minus_the_practice_gives_away_no_small_number(cast):
    """River's table beside the practice's: their difference (colleagues' clients) must not
    reveal a count under k either."""
    practice_of(cast, black=12, white=12)
    for n in range(3):
        client_with_history(cast.practice, cast.colleague, "Black African", n=50 + n)
    whole, own = _report(cast, viewer=cast.river)
    for metric in ("people", "attendance", "feedback"):
        theirs, mine = _table(whole.as_json(), metric), _table(own.as_json(), metric)
        for a, b in zip(
            [theirs["total"], *theirs["rows"]], [mine["total"], *mine["rows"]], strict=True
        ):
            for key, value in a.items():
                ours = b.get(key)
                if isinstance(value, int) and isinstance(ours, int) and key != "suppressed":
                    assert not 0 < value - ours < 10, (metric, a["group"], key)


def test_a_therapist_sees_only_their_own_caseload_beside_the_practice(cast):
    practice_of(cast, black=12, white=12)
    practice_of_colleague = [
        client_with_history(cast.practice, cast.colleague, "White Irish", n=200 + n)
        for n in range(12)
    ]
    assert practice_of_colleague
    whole, own = _report(cast, viewer=cast.river)
    assert _table(own.as_json(), "people")["total"]["n"] == 24
    assert _table(whole.as_json(), "people")["total"]["n"] == 36
    _w, theirs = _report(cast, viewer=cast.sam)
    assert _table(theirs.as_json(), "people")["total"]["n"] == 24  # Sam supervises River only
    _w, none = _report(cast, viewer=cast.admin)
    assert none is None


def test_intersections_are_reported(cast):
    practice_of(cast, black=12, white=12)
    whole, _own = _report(cast, also="gender")
    people = _table(whole.as_json(), "people")
    assert people["by"] == "ethnicity+gender"
    white_trans = _group(people, "White · Trans or non-binary")
    assert white_trans["n"] == 12


def test_structural_harms_are_counted_by_system_and_year(cast):
    practice_of(cast, black=12, white=12)
    whole, _own = _report(cast)
    by_system = _table(whole.as_json(), "harms_by_system")
    assert _group(by_system, "Racism")["n"] == 24
    over_time = _table(whole.as_json(), "harms_over_time")
    cell = _group(over_time, f"Racism · {date.today().year - 1}")
    assert cell["n"] == 24


def _queries(cast, size):
    practice_of(cast, black=size, white=size)
    with CaptureQueriesContext(connection) as queries:
        _report(cast, also="gender", viewer=cast.river)
    return len(queries)


@pytest.mark.django_db
def test_the_report_costs_the_same_number_of_queries_at_any_size(cast, django_db_blocker):
    small = _queries(cast, 11)
    from alongside.clients.models import Client

    for c in Client.objects.exclude(pk__in=[cast.client.pk, cast.other_client.pk]):
        c.delete()
    large = _queries(cast, 30)
    assert small == large


def test_with_rounding_every_shown_count_is_a_multiple_of_five(cast):
    from alongside.equity.models import EquitySettings

    practice_of(cast, black=12, white=13)
    EquitySettings.objects.filter(practice=cast.practice).update(round_to_5=True)
    payload = _report(cast)[0].as_json()
    assert payload["rounding"] is True
    counts = [c for c in _counts(payload) if c[2] != "n" or c[3]]
    assert counts
    assert all(value % 5 == 0 for _m, _g, _k, value in counts)
    assert _group(_table(payload, "people"), "White")["n"] == 15


def test_reliable_improvement_uses_the_first_score_and_the_last_in_the_period(cast):
    from django.utils import timezone

    from alongside.measures.tests.conftest import answered, phq

    _groups, clients = practice_of(cast, black=12, white=12)
    now = timezone.now()
    for client in clients[:12]:
        answered(client, "phq-9", phq(3, 3, 3, 2, 2, 2, 1, 1, 0), at=now - timedelta(days=90))
        answered(client, "phq-9", phq(1, 1, 1, 1, 1, 0, 0, 0, 0), at=now - timedelta(days=3))
    for client in clients[12:]:
        answered(client, "phq-9", phq(1, 1, 1, 1, 1, 0, 0, 0, 0), at=now - timedelta(days=90))
        answered(client, "phq-9", phq(1, 1, 1, 1, 1, 1, 0, 0, 0), at=now - timedelta(days=3))
    outcomes = _table(_report(cast)[0], "phq-9")
    black, white = _group(outcomes, "Black"), _group(outcomes, "White")
    assert (black["improved"], black["improved_rate"]) == (12, 1.0)
    assert (white["no_reliable_change"], white["improved"]) == (12, 0)
    later = Period(date.today() - timedelta(days=2), date.today())
    dims = {d.code: d for d in Dimension.objects.all()}
    nothing_new = build(cast.practice, period=later, by=dims["ethnicity"])[0].as_json()
    assert _table(nothing_new, "phq-9")["total"]["n"] == 0


def _didnt_work_out(clients, barrier):
    from alongside.resources.build import add_service
    from alongside.resources.models import Referral, ReferralUpdate, Status

    service = add_service(clients[0].practice, "Invented advice line", organization="Invented")
    for client in clients:
        referral = Referral.objects.create(
            client=client,
            service=service,
            status=Status.DIDNT_WORK_OUT,
            barrier=barrier,
            barrier_words="CANARY-BARRIER-WORDS",
            consented_at=timezone.now(),
        )
        ReferralUpdate.objects.create(referral=referral, status=referral.status, barrier=barrier)


def test_referral_barriers_are_counted_by_group_and_small_ones_stay_hidden(cast, client):
    _groups, clients = practice_of(cast, black=12, white=12)
    _didnt_work_out(clients[:12], "discrimination")  # every Black client
    _didnt_work_out(clients[12:21], "waiting_list")
    _didnt_work_out(clients[21:], "cost")  # three White clients: too few to show
    whole, own = _report(cast, viewer=cast.river)
    table = _table(whole, "referral_barriers")
    black = _group(table, "Black")
    assert (black["n"], black["discrimination"], black["didnt_work_out"]) == (12, 12, 12)
    assert black["discrimination_rate"] == 1
    white = _group(table, "White")
    assert white["n"] == 12 and white["cost"] is None  # 3 < k: hidden,
    assert white["waiting_list"] is None  # with a partner, or the row total gives it away
    assert table["total"]["cost"] is None  # or the total would give the 3 away
    for payload in (whole.as_json(), own.as_json()):
        assert not [c for c in _counts(payload) if 0 < c[3] < payload["k"]]

    out = io.StringIO()
    call_command("equity_report", "--json", stdout=out)
    cli = _table(json.loads(out.getvalue()), "referral_barriers")
    assert _group(cli, "Black")["discrimination"] == 12
    assert _group(cli, "White")["cost"] is None
    assert "CANARY-BARRIER-WORDS" not in out.getvalue()

    client.force_login(cast.admin)
    rows = list(csv.reader(io.StringIO(client.get("/practice/equity/export.csv").content.decode())))
    header = rows[0]
    mine = [r for r in rows[1:] if len(r) == len(header) and r[1] == "referral_barriers"]
    value = header.index("value")
    assert ["Black", "12"] in [[r[3], r[value]] for r in mine if r[4] == "discrimination"]
    assert all(r[value] == "" for r in mine if r[3] == "White" and r[4] == "cost")
    page = client.get("/practice/equity/").content.decode()
    assert "Why referrals elsewhere didn" in page


def test_appointments_cancelled_by_the_practice_and_waits_are_reported_by_group(cast):
    from alongside.appointments.models import Appointment, CancelledBy, Status, WaitingEntry
    from alongside.appointments.tests.objects import at

    _groups, clients = practice_of(cast, black=12, white=12)
    for i, person in enumerate(clients):
        starts = at(days=-(i + 2), hour=10)
        black = i < 12
        Appointment.objects.create(
            therapist=cast.river,
            client=person,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=50),
            # The practice moves Black clients' times; White clients keep theirs.
            status=Status.CANCELLED if black else Status.HAPPENED,
            cancelled_by=CancelledBy.PRACTICE if black else "",
        )
        waited = 40 if black else 7
        WaitingEntry.objects.create(
            client=person, kind="first", added_at=starts - timedelta(days=waited, hours=1)
        )
        if black:  # and their first kept appointment came later still
            later = at(days=-1, hour=9 + i % 8) - timedelta(minutes=5 * (i // 8))
            Appointment.objects.create(
                therapist=cast.colleague,
                client=person,
                starts_at=later,
                ends_at=later + timedelta(minutes=4),
                status=Status.HAPPENED,
            )
    whole, _own = _report(cast)
    cancelled = _table(whole, "appointments")
    assert _group(cancelled, "Black")["cancelled_practice"] == 12
    assert _group(cancelled, "White")["cancelled_practice"] == 0
    assert _group(cancelled, "Black")["practice_cancelled_rate"] == 0.5  # of 24 booked
    assert _group(cancelled, "White")["practice_cancelled_rate"] == 0
    waits = _table(whole, "waiting_list")
    assert _group(waits, "Black")["over_4_weeks"] == 12
    assert _group(waits, "White")["within_4_weeks"] == 12
    assert not [c for c in _counts(whole.as_json()) if 0 < c[3] < whole.as_json()["k"]]
