"""The plan's part of the client's home (clients.home: steps due, a changed plan) and of
the supervisor's home (clients.supervision: plans whose review date has come)."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.home import SHOWN, opened_version, provides_needs
from alongside.clients.models import PortalSeen
from alongside.clients.supervision import provides_review
from alongside.plans.models import Plan, PlanVersion, Step, Who

STEP_DAYS = 7  # a plan step is "due" from a week before its date


def latest_plan_version(plan) -> int:
    return plan.versions.values_list("number", flat=True).first() or 0


@provides_needs
def steps_due(user, client, found) -> None:
    today = timezone.localdate()
    found.steps = list(
        Step.objects.visible_to(user)
        .filter(
            plan__client=client,
            done=False,
            by_when__lte=today + timedelta(days=STEP_DAYS),
            who__in=[Who.CLIENT, Who.TOGETHER],
        )
        .order_by("by_when", "pk")
        .only("pk", "what", "by_when", "plan_id")[:SHOWN]
    )
    for step in found.steps:
        step.late = step.by_when < today


@provides_needs
def plan_changed_since_opened(user, client, found) -> None:
    """Someone else (their therapist) saved the plan after the client last opened it."""
    seen = opened_version(client, PortalSeen.Kind.PLAN)
    found.plan_is_new = (
        PlanVersion.objects.filter(
            plan__in=Plan.objects.visible_to(user).filter(client=client), number__gt=seen
        )
        .exclude(author=user)
        .exists()
    )


@provides_review
def plans_due_for_review(user, therapists):
    rows = Plan.objects.visible_to(user).filter(
        client__therapist__in=therapists, review_on__lte=timezone.localdate()
    )
    return "plans", rows, _shown


def _shown(plans):
    return plans.select_related("client").order_by("review_on", "pk")
