"""The plan out: FHIR R4 CarePlan and Goals (validated), and the take-home PDFs."""

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.plans.fhir import GOAL_LEVEL_SYSTEM, plan_bundle
from alongside.plans.records import plan_for, save_section, sections_of
from alongside.plans.tests import objects
from alongside.plans.views.pdf import render_document, take_home_html

pytestmark = pytest.mark.django_db


def test_the_plan_maps_to_a_validated_care_plan_with_goals_by_level(cast):
    goal = objects.goal(cast, title="Join the union", status="working")
    objects.step(cast, goal=goal, done=True)
    bundle = plan_bundle(plan_for(cast.client))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["CarePlan", "Goal"]
    care_plan, fhir_goal = (e["resource"] for e in bundle["entry"])
    assert care_plan["goal"] == [{"reference": f"Goal/goal-{goal.pk}"}]
    assert care_plan["activity"][0]["detail"]["status"] == "completed"
    coding = fhir_goal["category"][0]["coding"][0]
    assert (coding["system"], coding["code"]) == (GOAL_LEVEL_SYSTEM, "collective")
    assert fhir_goal["lifecycleStatus"] == "active"
    assert fhir_goal["subject"] == {"reference": f"Patient/{cast.client.pk}"}


def test_the_take_home_has_the_clients_parts_and_the_crisis_lines(cast):
    objects.crisis_line(cast)
    plan = plan_for(cast.client)
    section = sections_of(plan)["signs"]
    save_section(cast.client_user, section, "Not sleeping.", 0)
    objects.supporter(cast)
    html = take_home_html(cast.client_user, cast.client, plan)
    assert "Not sleeping." in html and "Night line" in html and objects.CANARY_SUPPORTER in html
    one_page = take_home_html(cast.client_user, cast.client, plan, "hard")
    assert "Not sleeping." in one_page and "0800 000 000" in one_page
    assert objects.CANARY_SUPPORTER not in one_page  # only the six parts


@pytest.mark.parametrize("name", ["plans:my_take_home", "plans:my_when_hard"])
def test_the_client_downloads_the_pdfs(client, cast, name):
    client.force_login(cast.client_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="plan").exists()


@pytest.mark.parametrize("repeat", [12, 40])
def test_when_things_get_hard_fits_on_one_page_even_when_long(cast, repeat):
    plan = plan_for(cast.client)
    for section in sections_of(plan).values():
        save_section(cast.client_user, section, ("A line of my own words. " * repeat).strip(), 0)
    document = render_document(cast.client_user, cast.client, plan, "hard")
    assert len(document.pages) == 1


def test_the_therapist_prints_the_plan_for_a_client_without_the_portal(client, cast):
    client.force_login(cast.river)
    response = client.get(reverse("plans:take_home", args=[cast.client.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_demo_plans_are_seeded_and_ashs_maps_to_valid_fhir():
    from alongside.demo.seed import seed
    from alongside.plans.models import Plan

    seed()
    plans = {p.client.chosen_name: p for p in Plan.objects.select_related("client")}
    ash = plans["Ash Fictional"]
    bundle = plan_bundle(ash)  # validated inside; raises if not
    levels = {
        e["resource"]["category"][0]["coding"][0]["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Goal"
    }
    assert levels == {"personal", "relational", "collective"}
    assert ash.steps.filter(from_action__isnull=False).exists()
    assert ash.supporters.count() >= 3 and ash.solidarity.exists() and ash.versions.count() > 5
    bea = plans["Bea Sample"]
    assert bea.goals.count() == 1 and not bea.reviews.exists()


@pytest.mark.parametrize(
    ("who", "name", "args"),
    [("river", "plans:export_fhir", True), ("client_user", "plans:my_export_fhir", False)],
)
def test_the_plan_downloads_as_a_fhir_bundle(client, cast, who, name, args):
    import json

    objects.goal(cast)
    client.force_login(getattr(cast, who))
    response = client.get(reverse(name, args=[cast.client.pk] if args else []))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    data = json.loads(response.content)
    assert [e["resource"]["resourceType"] for e in data["entry"]] == ["CarePlan", "Goal"]
    assert AuditEvent.objects.filter(action="export", object_type="plan").exists()


def test_before_the_therapist_starts_a_plan_the_supervisors_download_is_not_found(client, cast):
    client.force_login(cast.sam)
    response = client.get(reverse("plans:export_fhir", args=[cast.client.pk]))
    assert response.status_code == 404
