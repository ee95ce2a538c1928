"""'Who has seen my record': by person and day, in plain words, own visits left out,
emergency openings with their reason and hour, a page at a time at a flat cost."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients import seen
from alongside.clients.models import EmergencyAccess

URL = reverse("portal:who_has_seen")
DAY = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def visit(cast, who, *, days_ago=0, object_type="client", action=Action.VIEW, times=1):
    """`times` audit rows by `who` on Ash's record, `days_ago` days before DAY."""
    for n in range(times):
        at = DAY - timedelta(days=days_ago) + timedelta(minutes=n)
        with mock.patch("alongside.audit.chain.timezone.now", return_value=at):
            record(
                actor=who,
                action=action,
                object_type=object_type,
                object_id=cast.client.pk,
                client_id=cast.client.pk,
            )


def page(client, cast, number=None):
    client.force_login(cast.client_user)
    response = client.get(URL, {"page": number} if number else {})
    assert response.status_code == 200
    return response.content.decode()


def test_hundreds_of_views_in_a_day_are_one_line_for_that_person(client, cast):
    visit(cast, cast.river, times=300)
    body = page(client, cast)
    assert body.count("River</strong>, your therapist") == 1
    assert "300 pages opened or saved, between 10:00 and 14:59" in body
    assert "Looked at: your profile." in body


def test_it_says_which_part_of_the_record_and_what_was_done(client, cast):
    for object_type in ("note", "formulation", "map_entry", "check_in", "experience"):
        visit(cast, cast.river, object_type=object_type)
    visit(cast, cast.river, object_type="formulation", action=Action.UPDATE)
    visit(cast, cast.river, object_type="measures", action=Action.EXPORT)
    body = page(client, cast)
    assert (
        "Looked at: your session notes, your story, your map, "
        "your experiences, your check-ins." in body
    )
    assert "Added to or changed: your story." in body
    assert "Made a copy (export) of: your check-ins." in body


def test_the_client_own_visits_are_left_out(client, cast):
    visit(cast, cast.client_user, times=5)
    client.force_login(cast.client_user)
    client.get(reverse("portal:home"))
    body = page(client, cast)
    assert "Nobody else has opened your record yet." in body
    assert "seen-list" not in body


def test_days_are_separate_and_newest_first(client, cast):
    visit(cast, cast.river, days_ago=0)
    visit(cast, cast.river, days_ago=1)
    visit(cast, cast.sam, days_ago=1)
    body = page(client, cast)
    assert body.index("Monday 2 March 2026") < body.index("Sunday 1 March 2026")
    assert body.count("River</strong>, your therapist") == 2
    assert "Sam</strong>, your therapist&#x27;s supervisor" in body


def test_the_privacy_officer_is_named_as_such(client, cast):
    cast.admin.is_privacy_officer = True
    cast.admin.save()
    visit(cast, cast.admin, object_type="emergency_access")
    body = page(client, cast)
    assert "Admin</strong>, privacy officer" in body
    assert "Looked at: the record of an emergency opening of your record." in body
    assert "administrator" not in body


def test_an_emergency_opening_shows_who_why_and_the_hour_it_lasted(client, cast):
    reason = "Duty line: Ash called in crisis, I need the safety plan."
    client.force_login(cast.colleague)
    client.post(
        reverse("clients:emergency"),
        {"record_number": cast.client.pk, "reason": reason, "confirm": "on"},
    )
    access = EmergencyAccess.objects.get()
    client.get(cast.client.get_absolute_url())
    body = page(client, cast)
    assert "Opened in an emergency" in body
    assert reason in body
    local = timezone.localtime
    start, end = local(access.granted_at), local(access.expires_at)
    assert f"from {start:%H:%M} until {end:%H:%M}" in body
    assert "still open" in body
    assert "Opened your record in an emergency." in body
    assert "a therapist at the practice" in body


def test_it_comes_a_page_at_a_time(client, cast):
    for days_ago in range(45):
        visit(cast, cast.river, days_ago=days_ago)
    first = page(client, cast)
    assert first.count("your therapist</p>") == seen.PER_PAGE
    assert "Page 1 of 3" in first
    last = page(client, cast, 3)
    assert last.count("your therapist</p>") == 5
    oldest = (DAY - timedelta(days=44)).strftime("%A %-d %B %Y")
    assert oldest in last and oldest not in first


def _queries_for_page(client, cast):
    client.force_login(cast.client_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"page": 2}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("people", [1, 3])
def test_a_page_costs_the_same_queries_however_long_the_history(client, cast, people):
    staff = [cast.river, cast.sam, cast.admin][:people]
    for days_ago in range(25):
        for who in staff:
            visit(cast, who, days_ago=days_ago, times=2)
    small = _queries_for_page(client, cast)
    for days_ago in range(25, 200):
        for who in staff:
            visit(cast, who, days_ago=days_ago, object_type="note", times=3)
    EmergencyAccess.objects.create(
        user=cast.colleague, client=cast.client, reason="Crisis", expires_at=DAY
    )
    large = _queries_for_page(client, cast)
    assert large == small, (small, large)


def test_it_shows_nothing_of_other_clients(client, cast):
    record(
        actor=cast.colleague,
        action=Action.VIEW,
        object_type="client",
        object_id=cast.other_client.pk,
        client_id=cast.other_client.pk,
    )
    body = page(client, cast)
    assert "Colleague" not in body


def test_the_therapist_sees_the_same_page_as_the_client(client, cast):
    visit(cast, cast.sam, times=3)
    visit(cast, cast.client_user, times=2)
    client_page = page(client, cast)
    client.force_login(cast.river)
    response = client.get(reverse("clients:who_has_seen", args=[cast.client.pk]))
    assert response.status_code == 200
    therapist_page = response.content.decode()
    for line in ("Sam</strong>, your therapist&#x27;s supervisor", "3 pages opened or saved"):
        assert line in client_page and line in therapist_page
    assert "Ash</strong>" not in therapist_page  # the client's own visits, as for them
    detail = client.get(cast.client.get_absolute_url()).content.decode()
    assert reverse("clients:who_has_seen", args=[cast.client.pk]) in detail


def test_the_plan_letters_and_appointments_are_named_as_the_portal_names_them(client, cast):
    for object_type in ("plan_goal", "letter", "referral", "appointment"):
        visit(cast, cast.river, object_type=object_type)
    body = page(client, cast)
    assert (
        "Looked at: your plan, your letters, places and groups shared with you, "
        "your appointments." in body
    )
    assert "formulation" not in body and "your record." not in body
