"""The client's home puts what needs them first, and marks new things "New" until opened."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.letters.tests import objects as letters
from alongside.measures.tests.conftest import make_check_in
from alongside.notes import records as note_records
from alongside.notes.tests.helpers import make_session, signed_note
from alongside.plans import records as plan_records
from alongside.plans.tests import objects as plans

HOME = "/my/"


def _needs(client):
    """The "What needs you" card of the home page, as text."""
    body = client.get(HOME).content.decode()
    start = body.index('id="needs"')
    return body[start : body.index("</section>", start)]


def test_what_needs_the_client_comes_before_their_profile(client, cast):
    client.force_login(cast.client_user)
    body = client.get(HOME).content.decode()
    assert body.index("What needs you") < body.index("About you")


def test_with_nothing_waiting_the_home_says_so_calmly(client, cast):
    client.force_login(cast.client_user)
    assert "Nothing is waiting for you right now." in _needs(client)


def test_a_new_note_is_marked_new_in_words_until_the_client_opens_it(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    needs = _needs(client)
    assert reverse("notes:my_note", args=[note.pk]) in needs
    assert ">New</span>" in needs  # the word, not only a colour
    assert client.get(reverse("notes:my_note", args=[note.pk])).status_code == 200
    assert reverse("notes:my_note", args=[note.pk]) not in _needs(client)


def test_a_letter_waiting_for_the_clients_yes_is_new_until_opened_and_waits_until_answered(
    client, cast
):
    letter = letters.sent(cast)
    client.force_login(cast.client_user)
    needs = _needs(client)
    assert reverse("letters:my_letter", args=[letter.pk]) in needs
    assert ">New</span>" in needs
    client.get(reverse("letters:my_letter", args=[letter.pk]))
    needs = _needs(client)
    assert reverse("letters:my_letter", args=[letter.pk]) in needs  # still waits for a yes
    assert ">New</span>" not in needs


def test_an_open_check_in_is_counted_first(client, cast):
    make_check_in(cast.client)
    client.force_login(cast.client_user)
    needs = _needs(client)
    assert "1 check-in is waiting for your answers" in needs
    assert reverse("measures:mine") in needs


def test_the_clients_own_plan_steps_due_this_week_are_listed_and_the_therapists_are_not(
    client, cast
):
    today = timezone.localdate()
    mine = plans.step(cast, what="Ring the tenants' union", by_when=today + timedelta(days=2))
    late = plans.step(cast, what="Write to the GP", by_when=today - timedelta(days=1))
    later = plans.step(cast, what="Join the choir", by_when=today + timedelta(days=30))
    theirs = plans.step(cast, what="Find the advocate", who="therapist", by_when=today)
    client.force_login(cast.client_user)
    needs = _needs(client)
    assert f"#step-{mine.pk}" in needs and f"#step-{late.pk}" in needs
    assert "meant for" in needs  # the late one is said gently, not "overdue"
    assert f"#step-{later.pk}" not in needs and f"#step-{theirs.pk}" not in needs


def test_a_plan_the_therapist_changed_is_new_until_the_client_opens_it(client, cast):
    plan = plans.plan(cast)
    section = plan_records.sections_of(plan)["values"]
    plan_records.save_section(cast.river, section, "Being near family", section.version)
    client.force_login(cast.client_user)
    assert "Your plan has changed since you last opened it" in _needs(client)
    assert client.get(reverse("plans:my_plan")).status_code == 200
    assert "Your plan has changed" not in _needs(client)


def test_nothing_of_another_clients_shows_on_the_home(client, cast):
    session = make_session(cast.other_client)
    note = note_records.start_note(cast.colleague, session)
    note_records.sign_note(cast.colleague, note, note.version)
    make_check_in(cast.other_client)
    client.force_login(cast.client_user)
    needs = _needs(client)
    assert reverse("notes:my_note", args=[note.pk]) not in needs
    assert "check-in" not in needs


def _home_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_home_costs_the_same_queries_however_much_waits(client, cast):
    today = timezone.localdate()
    signed_note(cast, days_ago=3)
    letters.sent(cast)
    plans.step(cast, what="One", by_when=today)
    make_check_in(cast.client)
    client.force_login(cast.client_user)
    few = _home_queries(client)
    for days in range(4, 12):
        signed_note(cast, days_ago=days)
        letters.sent(cast)
        plans.step(cast, what=f"Step {days}", by_when=today)
        make_check_in(cast.client)
    assert _home_queries(client) == few
