"""The plan, resources and the equity report through the API: the pages' scopes, the
page's form for a new resource, and the equity tables protected as on the page."""

from fhir.resources.R4B.bundle import Bundle

from alongside.equity.tests.helpers import practice_of
from alongside.plans.tests import objects as plans_objects
from alongside.resources.models import Review, Service
from alongside.resources.tests import objects as resources_objects

V1 = "/api/v1"


def test_the_plan_and_its_goals_are_read_with_the_fhir_careplan(cast, token_for, call):
    goal = plans_objects.goal(cast)
    plans_objects.step(cast, goal=goal, referral=resources_objects.referral(cast))
    body = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/plan").json()
    assert [g["title"] for g in body["goals"]] == [goal.title]
    assert body["steps"][0]["goal_id"] == goal.pk and body["steps"][0]["referral_id"]
    bundle = Bundle.model_validate(body["fhir"])
    kinds = sorted(e.resource.get_resource_type() for e in bundle.entry)
    assert kinds == ["CarePlan", "Goal"]
    goals = call(token_for(cast.sam), "GET", f"{V1}/clients/{cast.client.pk}/plan/goals")
    assert goals.status_code == 200 and goals.json()[0]["id"] == goal.pk
    other = call(token_for(cast.colleague), "GET", f"{V1}/clients/{cast.client.pk}/plan")
    assert other.status_code == 404


def test_before_a_plan_is_started_the_api_says_so_and_makes_none(cast, token_for, call):
    from alongside.plans.models import Plan

    body = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/plan").json()
    assert body["id"] is None and body["goals"] == [] and body["fhir"] is None
    assert not Plan.objects.exists()


def test_referrals_are_read_with_their_barrier(cast, token_for, call):
    resources_objects.referral(cast, status="didnt_work_out", barrier="language")
    rows = call(token_for(cast.river), "GET", f"{V1}/clients/{cast.client.pk}/referrals").json()
    assert [(r["status"], r["barrier"]) for r in rows] == [("didnt_work_out", "language")]


NEW = {"name": "Invented food bank", "organization_name": "Invented", "needs": ["food"]}


def test_the_admin_adds_a_resource_and_a_therapists_waits_for_the_admin(cast, token_for, call):
    added = call(token_for(cast.admin), "POST", f"{V1}/resources", NEW)
    assert added.status_code == 200, added.content
    assert Service.objects.get(pk=added.json()["id"]).review == Review.APPROVED
    suggested = call(token_for(cast.river), "POST", f"{V1}/resources", {**NEW, "name": "Other"})
    assert suggested.json()["review"] == Review.SUGGESTED
    # Only the admin and the person who suggested it see a suggestion.
    colleague = token_for(cast.colleague)
    assert call(colleague, "GET", f"{V1}/resources/{suggested.json()['id']}").status_code == 404
    names = [s["name"] for s in call(colleague, "GET", f"{V1}/resources").json()]
    assert names == ["Invented food bank"]
    refused = call(token_for(cast.admin), "POST", f"{V1}/resources", {**NEW, "needs": ["x"]})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "needs"]
    read_only = call(token_for(cast.admin, write=False), "POST", f"{V1}/resources", NEW)
    assert read_only.status_code == 403


def test_the_equity_report_hides_small_numbers(cast, token_for, call):
    practice_of(cast, black=12, white=11)
    response = call(token_for(cast.river), "GET", f"{V1}/equity/report?by=ethnicity")
    assert response.status_code == 200
    body = response.json()
    people = next(t for t in body["practice"]["tables"] if t["metric"] == "people")
    by_group = {r["group"]: r["n"] for r in people["rows"]}
    assert by_group["Black"] == 12 and by_group["White"] == 11
    assert by_group["Not said, or prefer not to say"] is None  # nobody, or a few: hidden
    assert not [
        (t["metric"], key)
        for t in body["practice"]["tables"]
        for row in [t["total"], *t["rows"]]
        for key, value in row.items()
        if isinstance(value, int)
        and not isinstance(value, bool)
        and 0 < value < body["practice"]["k"]
    ]
    assert body["own"] is not None  # River's caseload beside the practice
    bad = call(token_for(cast.river), "GET", f"{V1}/equity/report?by=nonsense")
    assert bad.status_code == 422
