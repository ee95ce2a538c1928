"""The plan out as FHIR R4: a CarePlan with its Goal resources, in a collection Bundle.

Each resource is validated with fhir.resources (its R4B models, which R4 CarePlan and Goal
match field for field) before it leaves. The goal's level (personal, relational,
collective) is a code system of ours, GOAL_LEVEL_SYSTEM, documented in docs/plans.md.
Steps are CarePlan activities. The client's progress ratings are not mapped here (they
would need an Observation profile of ours); the data-rights export carries them as data.
"""

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal as FhirGoal

from alongside.plans.models import GoalStatus, Level

GOAL_LEVEL_SYSTEM = "https://alongside.example/fhir/CodeSystem/goal-level"
GOAL_LEVEL_DISPLAY = {
    Level.PERSONAL: "Personal",
    Level.RELATIONAL: "Relational",
    Level.COLLECTIVE: "Collective",
}

# Our status -> (Goal.lifecycleStatus, Goal.achievementStatus code or None)
LIFECYCLE = {
    GoalStatus.IDEA: ("proposed", None),
    GoalStatus.WORKING: ("active", "in-progress"),
    GoalStatus.DONE: ("completed", "achieved"),
    GoalStatus.SET_DOWN: ("on-hold", None),
}
ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"


def _patient(client) -> dict:
    return {"reference": f"Patient/{client.pk}"}


def goal_resource(goal) -> dict:
    lifecycle, achievement = LIFECYCLE[goal.status]
    data = {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "lifecycleStatus": lifecycle,
        "category": [
            {
                "coding": [
                    {
                        "system": GOAL_LEVEL_SYSTEM,
                        "code": goal.level,
                        "display": GOAL_LEVEL_DISPLAY[goal.level],
                    }
                ]
            }
        ],
        "description": {"text": goal.title},
        "subject": _patient(goal.plan.client),
        "statusDate": goal.updated_at.date().isoformat(),
    }
    if achievement:
        data["achievementStatus"] = {
            "coding": [{"system": ACHIEVEMENT_SYSTEM, "code": achievement}]
        }
    if goal.different:
        data["note"] = [{"text": goal.different}]
    FhirGoal.model_validate(data)
    return data


def _activity(step) -> dict:
    detail = {
        "status": "completed" if step.done else "not-started",
        "description": step.what,
    }
    if step.by_when:
        detail["scheduledString"] = step.by_when.isoformat()
    if step.goal_id:
        detail["goal"] = [{"reference": f"Goal/goal-{step.goal_id}"}]
    activity = {"detail": detail}
    if step.in_the_way:
        activity["progress"] = [{"text": step.in_the_way}]
    return activity


def care_plan_resource(plan) -> dict:
    goals = list(plan.goals.all())
    data = {
        "resourceType": "CarePlan",
        "id": f"plan-{plan.pk}",
        "status": "active",
        "intent": "plan",
        "title": "Resilience and resistance plan",
        "subject": _patient(plan.client),
        "created": plan.created_at.isoformat(),
    }
    if plan.review_on:
        data["period"] = {"end": plan.review_on.isoformat()}
    if goals:
        data["goal"] = [{"reference": f"Goal/goal-{g.pk}"} for g in goals]
    activities = [_activity(s) for s in plan.steps.all()]
    if activities:
        data["activity"] = activities
    CarePlan.model_validate(data)
    return data


def plan_bundle(plan) -> dict:
    """The CarePlan and its Goals, validated, as a JSON-ready dict."""
    entries = [
        {
            "fullUrl": f"urn:alongside:CarePlan:{plan.pk}",
            "resource": care_plan_resource(plan),
        }
    ]
    entries += [
        {"fullUrl": f"urn:alongside:Goal:{g.pk}", "resource": goal_resource(g)}
        for g in plan.goals.select_related("plan__client")
    ]
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": entries,
    }
    Bundle.model_validate(data)
    return data
