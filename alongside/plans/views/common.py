"""What the therapist's and the client's plan pages share: the one place a versioned edit
is saved (and a conflict kept), and the plan as a page shows it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.clients.access import may_write
from alongside.context.models import Experience, Formulation
from alongside.context.models import Section as FormulationSection
from alongside.context.records import sections_of as formulation_sections_of
from alongside.core.versioning import StaleEdit, keep_what_they_typed
from alongside.plans.charts import progress_chart
from alongside.plans.models import (
    HINTS,
    MATTERS,
    WHEN_HARD,
    CrisisLine,
    PlanFeedback,
    Section,
)
from alongside.plans.records import sections_of
from alongside.resources.models import Referral

CONFLICT = _(
    "Someone else saved this while you were writing. Nothing is lost: what is saved now is "
    "shown next to the form, and what you typed is still in it. Combine the two, then save "
    "again."
)


def versioned_save(data, build, save, saved_now):
    """The plan's one versioned edit: build the form from `data`, save it with `save(form)`,
    and on a stale version keep what was typed, point the form at the version saved now
    (so a second save is a deliberate choice) and return that row to show beside it.

    Returns (form, saved, conflict_row)."""
    form = build(data)
    if not form.is_valid():
        return form, False, None
    try:
        save(form)
    except StaleEdit:
        # What is saved now goes beside the form, and the form points at its version, so a
        # second save is a deliberate choice made after reading it.
        current = saved_now()
        return keep_what_they_typed(form, CONFLICT, saved=current.version), False, current
    return form, True, None


def saved_now_pairs(form, row):
    """(label, value) for each field of `form` as `row` holds it now, for the side-by-side."""
    if row is None:
        return []
    pairs = []
    for name, bound in form.fields.items():
        if name == "version" or not hasattr(row, name):
            continue
        if hasattr(row, f"get_{name}_display"):
            value = getattr(row, f"get_{name}_display")()
        else:
            value = getattr(row, name, "")
            if hasattr(value, "all"):
                value = ", ".join(str(v) for v in value.all())
        pairs.append((bound.label, "" if value is None else value))
    return pairs


@dataclass
class SectionView:
    section: object
    label: str
    hint: str
    feedback: list = field(default_factory=list)

    @property
    def key(self):
        return self.section.key


@dataclass
class GoalView:
    goal: object
    experiences: list
    systems: list
    ratings: list
    chart: object
    feedback: list = field(default_factory=list)


def from_the_story(user, client):
    """The formulation's strengths and survival, if this person may read the formulation."""
    formulation = Formulation.objects.visible_to(user).filter(client=client).first()
    if formulation is None:
        return []
    sections = formulation_sections_of(formulation)
    return [
        (FormulationSection(key).label, sections[key].text)
        for key in (FormulationSection.STRENGTHS, FormulationSection.SURVIVE)
        if sections[key].text
    ]


def _steps(user, client, plan):
    """The plan's steps, each with `uses`: the resource or referral it points at, read
    through the referrals' own scope (so a reader who may not see it sees no link)."""
    steps = list(plan.steps.select_related("goal", "from_action"))
    wanted = {s.referral_id for s in steps if s.referral_id}
    found = {}
    if wanted:
        found = {
            r.pk: r
            for r in Referral.objects.visible_to(user)
            .filter(client=client, pk__in=wanted)
            .select_related("service")
            .prefetch_related("service__phones")
        }
    for step in steps:
        step.uses = found.get(step.referral_id)
    return steps


def _controls(user, client) -> dict:
    """What the staff page offers: changes for the client's own therapist only (may_write);
    the printable copies and the FHIR export for any therapist who may read the plan (the
    rule of their views)."""
    return {
        "can_write": may_write(user, client),
        "can_export": getattr(user, "role", None) == Role.THERAPIST,
    }


def plan_context(user, client, plan):
    if plan is None:
        return {"client": client, "plan": None, **_controls(user, client)}
    sections = sections_of(plan)
    feedback = list(
        PlanFeedback.objects.visible_to(user).filter(plan=plan).select_related("author")
    )
    by_section, by_goal = {}, {}
    for item in feedback:
        if item.goal_id:
            by_goal.setdefault(item.goal_id, []).append(item)
        else:
            by_section.setdefault(item.section, []).append(item)

    def views(keys):
        return [
            SectionView(sections[k], Section(k).label, HINTS[k], by_section.get(k, []))
            for k in keys
        ]

    visible_experiences = set(
        Experience.objects.visible_to(user).filter(client=client).values_list("pk", flat=True)
    )
    goals = []
    for goal in plan.goals.prefetch_related("experiences", "systems", "ratings"):
        ratings = list(goal.ratings.all())
        goals.append(
            GoalView(
                goal,
                [e for e in goal.experiences.all() if e.pk in visible_experiences],
                list(goal.systems.all()),
                ratings,
                progress_chart(goal, ratings),
                by_goal.get(goal.pk, []),
            )
        )
    return {
        "client": client,
        "plan": plan,
        "matters": views(MATTERS),
        "when_hard": views(WHEN_HARD),
        "from_story": from_the_story(user, client),
        "goals": goals,
        "steps": _steps(user, client, plan),
        "supporters": list(plan.supporters.all()),
        "solidarity": list(plan.solidarity.all()),
        "reviews": list(plan.reviews.select_related("author")[:10]),
        "crisis_lines": list(CrisisLine.objects.for_practice(client.practice)),
        "open_feedback": [f for f in feedback if f.status == PlanFeedback.Status.OPEN],
        **_controls(user, client),
    }


def versions_context(request, plan):
    """Every version, and the comparison of two (?a=&b=), as the formulation does."""
    from alongside.context.diff import compare

    versions = list(plan.versions.select_related("author"))
    by_number = {v.number: v for v in versions}
    context = {"versions": versions, "comparison": None}
    try:
        a, b = int(request.GET.get("a", 0)), int(request.GET.get("b", 0))
    except ValueError:
        a = b = 0
    if not (a or b) and len(versions) >= 2:
        a, b = versions[1].number, versions[0].number
    if a in by_number and b in by_number:
        old, new = sorted([by_number[a], by_number[b]], key=lambda v: v.number)
        diffs = compare(old.texts, new.texts, version_labels(old.texts, new.texts))
        context.update(
            comparison=diffs,
            changed=[d for d in diffs if d.changed],
            old=old,
            new=new,
            a=old.number,
            b=new.number,
        )
    return context


KIND_LABELS = {
    "goal": _("Goal"),
    "step": _("Step"),
    "supporter": _("Someone I can call on"),
    "solidarity": _("What my therapist is doing"),
}


def version_labels(old: dict, new: dict):
    """(key, label) for every part in either version, sections first in the plan's order."""
    kinds = list(KIND_LABELS)

    def order(key):
        kind, _sep, ident = key.partition(":")
        return (kinds.index(kind) if kind in kinds else len(kinds), kind, ident.zfill(12))

    keys = [f"section:{k}" for k in Section.values]
    keys += sorted({k for k in (*old, *new) if not k.startswith("section:")}, key=order)
    labels = []
    for key in keys:
        kind, _sep, ident = key.partition(":")
        if kind == "section":
            labels.append((key, Section(ident).label))
        else:
            first = (new.get(key) or old.get(key) or "").split("\n", 1)[0]
            labels.append((key, f"{KIND_LABELS.get(kind, kind)}: {first[:60]}"))
    return labels
