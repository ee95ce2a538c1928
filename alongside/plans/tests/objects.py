"""Plan objects about the cast's client (Ash) for tests, incl. the access walk in
tests/test_object_access.py. Canary words must never appear on a refusal."""

from alongside.plans.models import (
    CrisisLine,
    Goal,
    PlanFeedback,
    SolidarityAction,
    Step,
    Supporter,
)
from alongside.plans.records import plan_for, sections_of

CANARY_GOAL = "CANARY-PLAN-GOAL"
CANARY_SUPPORTER = "CANARY-PLAN-SUPPORTER"


def plan(cast):
    made = plan_for(cast.client)
    sections_of(made)
    return made


def goal(cast, **extra) -> Goal:
    found = Goal.objects.filter(plan__client=cast.client).first()
    if found and not extra:
        return found
    fields = {"plan": plan(cast), "level": "collective", "title": CANARY_GOAL}
    fields.update(extra)
    return Goal.objects.create(**fields)


def step(cast, **extra) -> Step:
    found = Step.objects.filter(plan__client=cast.client).first()
    if found and not extra:
        return found
    fields = {"plan": plan(cast), "what": "Ring the tenants' union", "who": "client"}
    fields.update(extra)
    return Step.objects.create(**fields)


def supporter(cast, **extra) -> Supporter:
    found = Supporter.objects.filter(plan__client=cast.client).first()
    if found and not extra:
        return found
    fields = {"plan": plan(cast), "kind": "person", "name": CANARY_SUPPORTER, "reach": "0700"}
    fields.update(extra)
    return Supporter.objects.create(**fields)


def solidarity(cast, **extra) -> SolidarityAction:
    found = SolidarityAction.objects.filter(plan__client=cast.client).first()
    if found and not extra:
        return found
    fields = {"plan": plan(cast), "kind": "letter", "what": "Letter to the housing officer"}
    fields.update(extra)
    return SolidarityAction.objects.create(**fields)


def feedback(cast, **extra) -> PlanFeedback:
    found = PlanFeedback.objects.filter(plan__client=cast.client).first()
    if found and not extra:
        return found
    fields = {
        "plan": plan(cast),
        "section": "values",
        "proposed_text": "Being believed.",
        "author": cast.client_user,
    }
    fields.update(extra)
    return PlanFeedback.objects.create(**fields)


def crisis_line(cast) -> CrisisLine:
    return CrisisLine.objects.get_or_create(
        practice=cast.practice, name="Night line", defaults={"how_to_reach": "0800 000 000"}
    )[0]
