"""The API's routers for the plan, resources and the equity report (registered at the end
of api/api.py), through the same doors as their pages:

- the plan and its goals: `open_client`, then the plan's own `visible_to` scope (read);
- referrals: `open_client`, then `Referral.objects.visible_to`;
- the directory: `services_for` / `open_service` (the practice's staff; suggestions only for
  the admin and whoever suggested them); adding uses the page's ServiceForm and
  `records.save_service`: the admin's entry is listed at once, anyone else's waits for the
  admin, exactly as on the page;
- the equity report: the practice's staff, `equity.report.build` with every table
  protected (small numbers hidden), audited like the page.
"""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router

from alongside.accounts.models import STAFF_ROLES, Role
from alongside.api.api import ClientId, FormInvalid, RowId, _answers
from alongside.api.auth import require_write
from alongside.api.schemas import (
    EquityReportOut,
    GoalOut,
    PlanOut,
    ReferralOut,
    ServiceIn,
    ServiceOut,
)
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import open_client

plan_router = Router(tags=["plan"])
resources_router = Router(tags=["resources"])
equity_router = Router(tags=["equity"])
DimensionCode = Query(None, max_length=60)
# A date as the page's form takes it, YYYY-MM-DD; the form itself checks it is a real day.
IsoDate = Query(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# The plan -----------------------------------------------------------------------------------


def _goals(user, plan):
    from alongside.plans.models import Goal, ProgressRating

    ratings = {}
    for r in ProgressRating.objects.visible_to(user).filter(goal__plan=plan):
        ratings.setdefault(r.goal_id, []).append({"rating": r.rating, "rated_on": r.rated_on})
    return [
        {
            "id": g.pk,
            "level": g.level,
            "title": g.title,
            "different": g.different,
            "status": g.status,
            "version": g.version,
            "ratings": ratings.get(g.pk, []),
        }
        for g in Goal.objects.visible_to(user).filter(plan=plan)
    ]


def _plan(user, client_id, object_type):
    from alongside.plans.models import Plan

    client = open_client(user, client_id, object_type=object_type)
    return Plan.objects.visible_to(user).filter(client=client).first()


@plan_router.get("/{client_id}/plan", response=_answers(PlanOut), operation_id="read_plan")
def read_plan(request, client_id: int = ClientId):
    """The resilience and resistance plan: goals, steps, and the same as FHIR R4 (CarePlan
    and Goals). Read only. Before one is started: id null, nothing in it."""
    from alongside.plans.fhir import plan_bundle
    from alongside.plans.models import Step

    plan = _plan(request.user, client_id, "plan")
    if plan is None:
        return {"id": None, "review_on": None, "version": None, "goals": [], "steps": [],
                "fhir": None}  # fmt: skip
    steps = Step.objects.visible_to(request.user).filter(plan=plan)
    return {
        "id": plan.pk,
        "review_on": plan.review_on,
        "version": plan.version,
        "goals": _goals(request.user, plan),
        "steps": [
            {
                "id": s.pk,
                "goal_id": s.goal_id,
                "what": s.what,
                "who": s.who,
                "who_name": s.who_name,
                "by_when": s.by_when,
                "in_the_way": s.in_the_way,
                "done": s.done,
                "referral_id": s.referral_id,
                "version": s.version,
            }
            for s in steps
        ],
        "fhir": plan_bundle(plan),
    }


@plan_router.get(
    "/{client_id}/plan/goals", response=_answers(list[GoalOut]), operation_id="list_goals"
)
def list_goals(request, client_id: int = ClientId):
    """The plan's goals with the client's own 0-10 ratings over time."""
    plan = _plan(request.user, client_id, "plan_goal")
    return _goals(request.user, plan) if plan is not None else []


# Resources ----------------------------------------------------------------------------------


def _service_out(s) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "organization": s.organization.name,
        "description": s.description,
        "status": s.status,
        "review": s.review,
        "url": s.url,
        "email": s.email,
        "phones": [p.number for p in s.phones.all()],
        "application_process": s.application_process,
        "eligibility_description": s.eligibility_description,
        "fees_description": s.fees_description,
        "accessibility": s.accessibility,
        "last_checked": s.last_checked,
    }


@resources_router.get(
    "/resources", response=_answers(list[ServiceOut]), operation_id="list_resources"
)
def list_resources(
    request,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=2_147_483_647),
):
    """The practice's directory, as its staff see it on the directory page."""
    from alongside.resources.access import services_for

    rows = (
        services_for(request.user)
        .select_related("organization")
        .prefetch_related("phones")[offset : offset + limit]
    )
    return [_service_out(s) for s in rows]


@resources_router.get(
    "/resources/{service_id}", response=_answers(ServiceOut), operation_id="read_resource"
)
def read_resource(request, service_id: int = RowId):
    from alongside.resources.access import open_service

    return _service_out(open_service(request.user, service_id))


@resources_router.post("/resources", response=_answers(ServiceOut), operation_id="add_resource")
def add_resource(request, payload: ServiceIn):
    """Add to the directory: listed at once for the admin; from anyone else, a suggestion
    that waits for the admin (as on the page)."""
    from alongside.resources import records
    from alongside.resources.forms import ServiceForm
    from alongside.resources.models import Review

    if request.user.role not in STAFF_ROLES or request.user.practice_id is None:
        raise Http404
    require_write(request)
    form = ServiceForm(data=payload.dict())
    if not form.is_valid():
        raise FormInvalid(form)
    review = Review.APPROVED if request.user.role == Role.ADMIN else Review.SUGGESTED
    return _service_out(records.save_service(request.user, form, review=review))


@resources_router.get(
    "/clients/{client_id}/referrals",
    response=_answers(list[ReferralOut]),
    operation_id="list_referrals",
)
def list_referrals(request, client_id: int = ClientId):
    """Resources shared with the client and tracked referrals, with where each got to and,
    if it didn't work out, why."""
    from alongside.resources.models import Referral

    client = open_client(request.user, client_id, object_type="referral")
    rows = Referral.objects.visible_to(request.user).filter(client=client).select_related("service")
    return [
        {
            "id": r.pk,
            "service_id": r.service_id,
            "service": r.service.name,
            "message": r.message,
            "status": r.status,
            "tracked": r.tracked,
            "barrier": r.barrier,
            "barrier_words": r.barrier_words,
            "shared_at": r.created_at,
            "updated_at": r.updated_at,
        }
        for r in rows
    ]


# The equity report --------------------------------------------------------------------------


@equity_router.get("/report", response=_answers(EquityReportOut), operation_id="equity_report")
def equity_report(
    request,
    since: str | None = IsoDate,
    until: str | None = IsoDate,
    by: str | None = DimensionCode,
    also: str | None = DimensionCode,
):
    """The equity report as on the page (default: the last year, by ethnicity). Every count
    between 1 and k-1 is hidden, and so is whatever would give one away."""
    from alongside.equity.forms import ReportForm
    from alongside.equity.metrics import Period
    from alongside.equity.report import build

    user = request.user
    if user.role not in STAFF_ROLES or user.practice_id is None:
        raise Http404
    asked = {"since": since, "until": until, "by": by, "also": also}
    form = ReportForm({k: v for k, v in asked.items() if v is not None}, practice=user.practice)
    if not form.is_valid():
        raise FormInvalid(form)
    data = form.cleaned_data
    today = timezone.localdate()
    end = data.get("until") or today
    period = Period(data.get("since") or end - timedelta(days=365), end)
    dimensions = form.fields["by"].queryset
    dimension = data.get("by") or dimensions.filter(code="ethnicity").first() or dimensions.first()
    if dimension is None:
        raise Http404
    whole, own = build(
        user.practice, period=period, by=dimension, also=data.get("also"), viewer=user
    )
    record(actor=user, action=Action.VIEW, object_type="equity_report")
    return {"practice": whole.as_json(), "own": own.as_json() if own else None}
