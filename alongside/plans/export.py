"""The resilience and resistance plan in "everything we hold" (see core.export_registry).

The plan goes in the bundle as the CarePlan and Goal resources that `plans.fhir` builds
(steps as CarePlan activities). What FHIR has no good home for travels as JSON beside the
bundle (record.json, section "plan"): the written sections in the client's words, their
progress ratings, supporters, what the therapist did alongside, reviews and the client's
"I see it differently". Every row comes through the plan's own `visible_to` scope with the
reader, so a copy never holds more than its reader may see on the plan's pages.

No `erase`: every plan row cascades from the client row.
"""

from django.utils.translation import gettext as _

from alongside.core import fhir
from alongside.core.export_registry import Item, Part
from alongside.plans import fhir as plan_fhir
from alongside.plans.models import (
    Goal,
    Plan,
    PlanFeedback,
    PlanSection,
    ProgressRating,
    Review,
    Section,
    SolidarityAction,
    Step,
    Supporter,
)


def _sections(plan, reader):
    order = {key: n for n, key in enumerate(Section.values)}
    rows = PlanSection.objects.visible_to(reader).filter(plan=plan).exclude(text="")
    return sorted((s for s in rows if s.text), key=lambda s: order.get(s.key, 99))


def _goal(goal, ratings) -> dict:
    return {
        "id": goal.pk,
        "level": goal.level,
        "title": goal.title,
        "what_would_be_different": goal.different,
        "status": goal.status,
        "your_ratings": [{"rating": r.rating, "rated_on": r.rated_on.isoformat()} for r in ratings],
    }


def _step(step) -> dict:
    return {
        "id": step.pk,
        "goal": step.goal_id,
        "what": step.what,
        "who": step.who,
        "their_name": step.who_name,
        "by_when": step.by_when.isoformat() if step.by_when else None,
        "what_got_in_the_way": step.in_the_way,
        "done": step.done,
        "uses_resource": step.referral_id,  # an id in the "resources" section
    }


def _data(plan, reader, sections, goals):
    ratings = {}
    for r in ProgressRating.objects.visible_to(reader).filter(goal__plan=plan):
        ratings.setdefault(r.goal_id, []).append(r)
    scoped = lambda model: model.objects.visible_to(reader).filter(plan=plan)  # noqa: E731
    return {
        "review_on": plan.review_on.isoformat() if plan.review_on else None,
        "sections": {s.key: s.text for s in sections},
        "goals": [_goal(g, ratings.get(g.pk, [])) for g in goals],
        "steps": [_step(s) for s in scoped(Step)],
        "supporters": [
            {"kind": s.kind, "name": s.name, "helps_with": s.helps_with, "reach": s.reach}
            for s in scoped(Supporter)
        ],
        "alongside_you": [
            {
                "kind": a.kind,
                "what": a.what,
                "with_your_consent": a.with_consent,
                "when": a.done_on.isoformat() if a.done_on else None,
                "what_came_of_it": a.outcome,
            }
            for a in scoped(SolidarityAction)
        ],
        "reviews": [
            {"whose": r.role, "how_it_is_going": r.how_going, "at": r.created_at.isoformat()}
            for r in scoped(Review)
        ],
        "what_you_see_differently": [
            {
                "section": f.section,
                "goal": f.goal_id,
                "text": f.text,
                "proposed_text": f.proposed_text,
                "status": f.status,
                "therapist_reply": f.reply,
                "written_at": f.created_at.isoformat(),
            }
            for f in scoped(PlanFeedback)
        ],
    }


def contribute(client, reader) -> list[Part]:
    plan = Plan.objects.visible_to(reader).filter(client=client).first()
    if plan is None:
        return []
    sections = _sections(plan, reader)
    goals = list(Goal.objects.visible_to(reader).filter(plan=plan).select_related("plan__client"))
    resources = [fhir.validated(plan_fhir.care_plan_resource(plan))]
    resources += [fhir.validated(plan_fhir.goal_resource(g)) for g in goals]
    items = [Item(heading=str(Section(s.key).label), lines=[("", s.text)]) for s in sections]
    items += [
        Item(
            heading=g.title,
            lines=[
                (_("What would be different"), g.different),
                (_("Where it is"), g.get_status_display()),
            ],
        )
        for g in goals
    ]
    return [
        Part(
            key="plan",
            title=_("Your resilience and resistance plan"),
            resources=resources,
            data=_data(plan, reader, sections, goals),
            items=items,
        )
    ]
