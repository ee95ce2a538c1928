"""The plan, written together: both sides edit, every save is a version, conflicts keep both
texts, the client's voice stays beside the therapist's, and each role sees what it may."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity
from alongside.context.models import Visibility
from alongside.context.tests import objects as context_objects
from alongside.plans.models import (
    Goal,
    PlanFeedback,
    PlanSection,
    PlanVersion,
    Review,
    Section,
    SolidarityAction,
    Step,
    Supporter,
)
from alongside.plans.records import plan_for, sections_of
from alongside.plans.tests import objects

pytestmark = pytest.mark.django_db


def _plan_page(client, cast):
    return client.get(reverse("plans:plan", args=[cast.client.pk])).content.decode()


def _my_plan(client):
    return client.get(reverse("plans:my_plan")).content.decode()


def _section(cast, key):
    return sections_of(plan_for(cast.client))[key]


def test_the_plan_has_every_part_and_when_things_get_hard_in_the_safety_plan_order(client, cast):
    client.force_login(cast.river)
    body = _plan_page(client, cast)
    for heading in [
        "What matters to the client",
        "Goals",
        "Steps",
        "People and places the client can call on",
        "When things get hard",
        "What I am doing alongside the client",
        "Reviews",
    ]:
        assert heading in body
    order = [
        "How I can tell things are getting hard",
        "What I can do on my own to get through",
        "People and places that lift me",
        "People I can ask for help",
        "Professionals and crisis lines I can contact",
        "Making where I am safer",
    ]
    positions = [body.index(label) for label in order]
    assert positions == sorted(positions)


def test_both_sides_write_a_section_and_each_save_is_a_version_they_can_compare(client, cast):
    client.force_login(cast.river)
    url = reverse("plans:section_edit", args=[cast.client.pk, "values"])
    assert client.post(url, {"text": "Family.", "version": 0}).status_code == 302
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_section", args=["values"]), {"text": "Family and fairness.", "version": 1}
    )
    assert response.status_code == 302
    assert _section(cast, "values").text == "Family and fairness."
    assert PlanVersion.objects.filter(plan__client=cast.client).count() == 2
    assert ClientActivity.objects.filter(client=cast.client, kind="plan").exists()
    body = client.get(reverse("plans:my_versions")).content.decode()
    assert "<ins>" in body and "fairness." in body
    client.force_login(cast.river)
    body = client.get(reverse("plans:versions", args=[cast.client.pk]) + "?a=1&b=2").content
    assert b"Changes from version 1 to version 2" in body


def test_a_stale_save_keeps_both_texts_and_saves_nothing(client, cast):
    client.force_login(cast.river)
    url = reverse("plans:section_edit", args=[cast.client.pk, "hopes"])
    client.post(url, {"text": "THEIRS", "version": 0})
    response = client.post(url, {"text": "MINE", "version": 0})
    assert response.status_code == 200
    body = response.content.decode()
    assert "THEIRS" in body and "MINE" in body and "What is saved now" in body
    assert _section(cast, "hopes").text == "THEIRS"
    assert 'name="version" value="1"' in body  # a second save is a deliberate choice


def test_a_goal_without_a_title_is_refused_next_to_the_field_and_what_was_typed_stays(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("plans:goal_add", args=[cast.client.pk]),
        {"level": "personal", "title": "", "different": "KEEP-THESE-WORDS", "status": "idea"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_title_errors"' in body or 'aria-invalid="true"' in body
    assert "KEEP-THESE-WORDS" in body
    assert not Goal.objects.exists()


def test_a_goal_links_experiences_and_systems_and_the_supervisor_sees_only_shared_ones(
    client, cast
):
    shared = context_objects.experience(cast, title="Shared one")
    private = context_objects.experience(
        cast, title="PRIVATE-EXPERIENCE", visibility=Visibility.PRIVATE
    )
    client.force_login(cast.river)
    response = client.post(
        reverse("plans:goal_add", args=[cast.client.pk]),
        {
            "level": "collective",
            "title": "Join the tenants' union",
            "different": "We would not be alone with the landlord.",
            "status": "working",
            "experiences": [shared.pk, private.pk],
            "systems": ["classism"],
            "version": 1,
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert set(goal.experiences.all()) == {shared, private}
    assert "PRIVATE-EXPERIENCE" in _plan_page(client, cast)
    client.force_login(cast.sam)
    body = _plan_page(client, cast)
    assert "Join the tenants" in body and "Shared one" in body
    assert "PRIVATE-EXPERIENCE" not in body
    assert "Add a goal" not in body  # read-only


def test_the_client_rates_a_goal_and_sees_a_chart_with_a_table(client, cast):
    goal = objects.goal(cast)
    client.force_login(cast.client_user)
    url = reverse("plans:my_rate", args=[goal.pk])
    assert client.post(url, {"rating": "3"}).status_code == 302
    assert client.post(url, {"rating": "11"}).status_code == 200
    assert client.post(url, {"rating": "6"}).status_code == 302
    assert list(goal.ratings.values_list("rating", flat=True)) == [3, 6]
    body = _my_plan(client)
    assert 'role="img"' in body and "<polyline" in body
    assert "<td>3</td>" in body and "<td>6</td>" in body


def test_sending_no_rating_says_what_to_choose_in_plain_words(client, cast):
    goal = objects.goal(cast)
    client.force_login(cast.client_user)
    page = client.post(reverse("plans:my_rate", args=[goal.pk]), {}).content.decode()
    assert "How far has it come?: Choose a number from 0 to 10." in page
    assert "This field is required" not in page and "there.:" not in page


def test_the_client_ticks_a_step_off_in_the_portal(client, cast):
    step = objects.step(cast)
    client.force_login(cast.client_user)
    assert "Tick off: done" in _my_plan(client)
    response = client.post(reverse("plans:my_step_done", args=[step.pk]), {"done": "1"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done and step.done_at is not None
    assert client.get(reverse("plans:my_step_done", args=[step.pk])).status_code == 405


def test_an_action_agreed_in_a_session_becomes_a_step_once(client, cast):
    from alongside.notes.tests.helpers import cast_note

    action = cast_note(cast).actions.first()
    client.force_login(cast.river)
    offered = _plan_page(client, cast).count("Make it a step")
    assert offered >= 1
    url = reverse("plans:step_from_action", args=[cast.client.pk, action.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    step = Step.objects.get()
    assert step.from_action == action and step.what == action.text
    client.force_login(cast.client_user)
    client.post(reverse("plans:my_step_done", args=[step.pk]), {"done": "1"})
    action.refresh_from_db()
    assert action.done  # ticked in the plan, ticked in the note
    client.force_login(cast.river)
    assert _plan_page(client, cast).count("Make it a step") == offered - 1


def test_the_client_keeps_their_own_list_of_people_and_the_therapist_only_reads_it(client, cast):
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_supporter_add"),
        {
            "kind": "person",
            "name": "Auntie Jo",
            "helps_with": "Tea and quiet.",
            "reach": "07000 000000",
            "version": 1,
        },
    )
    assert response.status_code == 302
    person = Supporter.objects.get()
    client.force_login(cast.river)
    body = _plan_page(client, cast)
    assert "Auntie Jo" in body and "to change. You can read it." in body
    assert Supporter.objects.editable_by(cast.river).count() == 0
    client.force_login(cast.client_user)
    assert client.post(reverse("plans:my_supporter_remove", args=[person.pk])).status_code == 302
    assert not Supporter.objects.exists()
    assert AuditEvent.objects.filter(object_type="plan_supporter", action="delete").exists()


def test_a_complaint_needs_the_clients_consent_and_the_client_reads_what_was_done(client, cast):
    client.force_login(cast.river)
    url = reverse("plans:solidarity_add", args=[cast.client.pk])
    data = {"kind": "complaint", "what": "Complaint to the housing association.", "version": 1}
    response = client.post(url, data)
    assert response.status_code == 200 and "agreement" in response.content.decode()
    assert not SolidarityAction.objects.exists()
    data.update(with_consent="on", outcome="They apologised and fixed the damp.")
    assert client.post(url, data).status_code == 302
    client.force_login(cast.client_user)
    body = _my_plan(client)
    assert "What my therapist is doing alongside me" in body
    assert "They apologised and fixed the damp." in body


def test_a_review_date_shows_on_the_caseload_and_both_say_how_it_is_going(client, cast):
    plan = plan_for(cast.client)
    client.force_login(cast.river)
    soon = (timezone.localdate() + timedelta(days=2)).isoformat()
    url = reverse("plans:review", args=[cast.client.pk])
    response = client.post(url, {"part": "date", "review_on": soon, "version": plan.version})
    assert response.status_code == 302
    assert "Plan review due" in client.get(reverse("clients:caseload")).content.decode()
    client.post(url, {"part": "how", "how_going": "THERAPIST-SAYS steady."})
    client.force_login(cast.client_user)
    client.post(reverse("plans:my_review"), {"how_going": "CLIENT-SAYS better."})
    assert set(Review.objects.values_list("role", flat=True)) == {"client", "therapist"}
    body = client.get(reverse("plans:my_review")).content.decode()
    assert "THERAPIST-SAYS" in body and "CLIENT-SAYS" in body


def test_a_review_far_off_is_not_shown_as_due(client, cast):
    plan = plan_for(cast.client)
    plan.review_on = timezone.localdate() + timedelta(days=60)
    plan.save()
    client.force_login(cast.river)
    assert "Plan review due" not in client.get(reverse("clients:caseload")).content.decode()


def test_what_the_client_sees_differently_stays_beside_the_plan_until_taken_in(client, cast):
    client.force_login(cast.river)
    client.post(
        reverse("plans:section_edit", args=[cast.client.pk, "strengths"]),
        {"text": "Resilient.", "version": 0},
    )
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_section_differently", args=["strengths"]),
        {"text": "It's not resilience, it's stubbornness.", "proposed_text": "Stubborn."},
    )
    assert response.status_code == 302
    item = PlanFeedback.objects.get()
    client.force_login(cast.river)
    body = _plan_page(client, cast)
    assert "Resilient." in body and "stubbornness" in body and "side-by-side" in body
    response = client.post(
        reverse("plans:feedback_accept", args=[cast.client.pk, item.pk]),
        {"version": _section(cast, "strengths").version, "reply": ""},
    )
    assert response.status_code == 302
    assert _section(cast, "strengths").text == "Stubborn."
    item.refresh_from_db()
    assert item.status == PlanFeedback.Status.ACCEPTED and item.proposed_text == "Stubborn."


def test_an_empty_i_see_this_differently_is_refused_with_a_message(client, cast):
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_section_differently", args=["values"]),
        {"text": "", "proposed_text": ""},
    )
    assert response.status_code == 200
    assert "Write what you see differently" in response.content.decode()
    assert not PlanFeedback.objects.exists()


def test_the_wording_checker_runs_on_the_therapists_text_not_the_clients(client, cast):
    client.force_login(cast.river)
    body = client.get(reverse("plans:section_edit", args=[cast.client.pk, "signs"])).content
    assert b'data-language-check="on"' in body
    client.force_login(cast.client_user)
    body = client.get(reverse("plans:my_section", args=["signs"])).content
    assert b'data-language-check="on"' not in body


def test_crisis_lines_are_the_admins_to_set_and_show_in_every_plan(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("plans:crisis_lines"),
        {
            "name": "Night line",
            "how_to_reach": "0800 111 222",
            "when_open": "24 hours",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("plans:plan", args=[cast.client.pk])).status_code == 404
    assert client.get(reverse("plans:my_plan")).status_code == 404
    client.force_login(cast.client_user)
    assert "0800 111 222" in _my_plan(client)


def test_the_supervisor_reads_and_cannot_write(client, cast):
    plan_for(cast.client)
    client.force_login(cast.sam)
    assert client.get(reverse("plans:plan", args=[cast.client.pk])).status_code == 200
    url = reverse("plans:section_edit", args=[cast.client.pk, "values"])
    assert client.post(url, {"text": "x", "version": 0}).status_code == 404
    assert PlanSection.objects.filter(text="x").count() == 0


def test_every_write_is_audited_with_the_client_and_no_text(client, cast):
    client.force_login(cast.river)
    client.post(
        reverse("plans:section_edit", args=[cast.client.pk, "safer"]),
        {"text": "SECRET-WORDS", "version": 0},
    )
    events = AuditEvent.objects.filter(
        object_type="plan", action="update", client_id=cast.client.pk
    )
    assert events.exists()
    assert "SECRET-WORDS" not in str(list(AuditEvent.objects.values()))


def test_text_is_encrypted_at_rest(cast):
    from django.db import connection

    section = _section(cast, "values")
    section.text = "PLAINTEXT-CANARY"
    section.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM plans_plansection WHERE id = %s", [section.pk])
        (stored,) = cursor.fetchone()
    assert "PLAINTEXT-CANARY" not in stored


def test_a_stale_goal_save_shows_what_is_saved_now_beside_the_form(client, cast):
    goal = objects.goal(cast, title="Open my post", level="personal")
    client.force_login(cast.river)
    url = reverse("plans:goal_edit", args=[cast.client.pk, goal.pk])
    data = {"level": "personal", "status": "idea", "version": 1}
    assert client.post(url, {**data, "title": "SAVED-FIRST"}).status_code == 302
    response = client.post(url, {**data, "title": "TYPED-SECOND"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "What is saved now" in body and "SAVED-FIRST" in body and "TYPED-SECOND" in body
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("SAVED-FIRST", 2)


def test_a_therapist_with_emergency_access_reads_but_does_not_start_a_plan(client, cast):
    from alongside.clients.models import EmergencyAccess

    EmergencyAccess.objects.create(
        user=cast.colleague,
        client=cast.client,
        reason="Away",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(cast.colleague)
    response = client.get(reverse("plans:plan", args=[cast.client.pk]))
    assert response.status_code == 200
    assert "has not started a plan" in response.content.decode()
    assert not PlanVersion.objects.exists()
    from alongside.plans.models import Plan

    assert not Plan.objects.exists()


def test_the_client_links_a_goal_only_to_their_own_experiences(client, cast):
    theirs = context_objects.experience(cast, client=cast.other_client, title="NOT-ASH")
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_goal_add"),
        {"level": "personal", "title": "Sleep", "status": "idea", "experiences": [theirs.pk]},
    )
    assert response.status_code == 200
    assert not Goal.objects.exists()
    assert "NOT-ASH" not in response.content.decode()


def test_versions_compare_goals_steps_and_removed_supporters_by_name(client, cast):
    from alongside.plans.views.common import version_labels

    old = {"section:values": "A", "goal:2": "Join\nCollective", "supporter:10": "Dee"}
    new = {"section:values": "B", "goal:2": "Join\nCollective", "step:3": "Ring"}
    labels = dict(version_labels(old, new))
    assert labels["goal:2"] == "Goal: Join"  # the first line only
    assert labels["supporter:10"].endswith("Dee")  # removed since, still named
    assert labels["step:3"] == "Step: Ring"
    assert list(labels)[:10] == [f"section:{k}" for k in Section.values]


def test_emergency_access_offers_the_plan_to_read_and_print_but_no_change(client, cast):
    from alongside.clients.models import EmergencyAccess

    objects.goal(cast)
    objects.step(cast)
    objects.feedback(cast)
    EmergencyAccess.objects.create(
        user=cast.colleague,
        client=cast.client,
        reason="Away",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(cast.colleague)
    page = _plan_page(client, cast)
    assert "CANARY-PLAN-GOAL" in page
    assert reverse("plans:take_home", args=[cast.client.pk]) in page  # open to them too
    # Every change would answer 404 (only the client's own therapist writes): no link to one.
    for name in ("goal_add", "step_add", "solidarity_add", "review"):
        url = reverse(f"plans:{name}", args=[cast.client.pk])
        assert url not in page, name
        assert client.get(url).status_code == 404, name
    assert "Take in or answer" not in page
    assert "Write or change" not in page


def test_an_edit_page_of_the_plan_says_whose_plan_and_links_back_to_it(client, cast):
    client.force_login(cast.river)
    page = client.get(reverse("plans:goal_add", args=[cast.client.pk])).content.decode()
    plan = reverse("plans:plan", args=[cast.client.pk])
    name = cast.client.chosen_name
    assert f'<p class="breadcrumb"><a href="{plan}">Plan: {name}</a></p>' in page
    assert f"<title>Add a goal · Plan: {name}" in page
