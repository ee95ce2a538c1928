"""Writes to the plan: each atomic, audited with ids only, and kept as a version.

Every change to what the plan says (a section, a goal, a step, a supporter, a solidarity
action) saves a PlanVersion of the whole plan's words, so any two moments can be compared.
`StaleEdit` means the row changed since the form was opened; nothing is saved and the
caller shows both texts.
"""

import json

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Role
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.core.versioning import StaleEdit, claim_next_version, move_version_on
from alongside.plans.models import (
    Plan,
    PlanFeedback,
    PlanSection,
    PlanVersion,
    ProgressRating,
    Review,
    Section,
    SolidarityAction,
    Step,
    Supporter,
)

__all__ = ["StaleEdit"]


def _audit(actor, action, object_type, obj, client_id):
    record(
        actor=actor, action=action, object_type=object_type, object_id=obj.pk, client_id=client_id
    )


def _by_client(actor, plan, summary, anchor=""):
    """Tell the therapist when the client changed their plan (never quoting them)."""
    if getattr(actor, "role", None) == Role.CLIENT:
        tell_therapist(
            plan.client,
            kind="plan",
            summary=summary,
            url=reverse("plans:plan", args=[plan.client_id]) + anchor,
        )


# The plan and its words ----------------------------------------------------------------------


def plan_for(client) -> Plan:
    plan, _created = Plan.objects.get_or_create(client=client)
    return plan


def sections_of(plan) -> dict:
    """Every section keyed by Section, made on first use so each has a version counter."""
    existing = {s.key: s for s in plan.sections.all()}
    missing = [PlanSection(plan=plan, key=k) for k in Section.values if k not in existing]
    if missing:
        PlanSection.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.key: s for s in plan.sections.all()}
    return existing


def plan_words(plan) -> dict:
    """What the plan says now, as {key: text}: the snapshot a version keeps. Its labels (a
    goal's level, a step's who and "done") and dates are written in the practice's language,
    whoever saves: a version compared with the one before must differ only where the plan
    did, not because a Spanish-speaking client saved after an English-speaking therapist."""
    with translation.override(settings.LANGUAGE_CODE):
        return _plan_words(plan)


def _plan_words(plan) -> dict:
    words = {f"section:{s.key}": s.text for s in plan.sections.all() if s.text}
    for goal in plan.goals.all():
        lines = [goal.title, f"{goal.get_level_display()} · {goal.get_status_display()}"]
        if goal.different:
            lines.append(goal.different)
        words[f"goal:{goal.pk}"] = "\n".join(lines)
    for step in plan.steps.all():
        when = f" · {date_format(step.by_when, 'DATE_FORMAT')}" if step.by_when else ""
        done = f" · {_('done')}" if step.done else ""
        who = step.get_who_display() + (f" ({step.who_name})" if step.who_name else "")
        lines = [step.what, f"{who}{when}{done}"]
        if step.in_the_way:
            lines.append(step.in_the_way)
        words[f"step:{step.pk}"] = "\n".join(lines)
    for person in plan.supporters.all():
        words[f"supporter:{person.pk}"] = "\n".join(
            t for t in (person.name, person.helps_with, person.reach) if t
        )
    for act in plan.solidarity.all():
        words[f"solidarity:{act.pk}"] = "\n".join(t for t in (act.what, act.outcome) if t)
    return words


def keep_version(plan, actor, changed) -> PlanVersion:
    # Lock the plan row so two saves at once can't both take the same version number.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    last = plan.versions.order_by("-number").values_list("number", flat=True).first()
    return PlanVersion.objects.create(
        plan=plan,
        number=(last or 0) + 1,
        changed=changed,
        snapshot=json.dumps(plan_words(plan), ensure_ascii=False),
        author=actor,
    )


def save_section(actor, section, text, expected_version) -> PlanSection:
    plan = section.plan
    with transaction.atomic():
        claim_next_version(section, expected_version)
        section.text = text
        section.updated_by = actor
        section.save(update_fields=["text", "updated_by", "updated_at"])
        version = keep_version(plan, actor, f"section:{section.key}")
        _audit(actor, Action.UPDATE, "plan", version, plan.client_id)
        _by_client(actor, plan, gettext_lazy("wrote in their plan"), f"#section-{section.key}")
    return section


def _save_versioned(actor, plan, form, *, object_type, creating_fields=None):
    """Create or change one row of the plan from a VersionedForm, then keep a version."""
    with transaction.atomic():
        row = form.save(commit=False)
        creating = row.pk is None
        row.plan = plan
        if creating:
            for name, value in (creating_fields or {}).items():
                setattr(row, name, value)
        else:
            claim_next_version(row, form.cleaned_data["version"])
        row.save()
        form.save_m2m()
        keep_version(plan, actor, object_type)
        _audit(
            actor, Action.CREATE if creating else Action.UPDATE, object_type, row, plan.client_id
        )
    return row, creating


def save_goal(actor, plan, form):
    goal, creating = _save_versioned(
        actor, plan, form, object_type="plan_goal", creating_fields={"created_by": actor}
    )
    _by_client(
        actor,
        plan,
        gettext_lazy("added a goal") if creating else gettext_lazy("changed a goal"),
        "#goals",
    )
    return goal


def rate_goal(actor, goal, rating, on=None) -> ProgressRating:
    with transaction.atomic():
        row = ProgressRating.objects.create(
            goal=goal, rating=rating, rated_on=on or timezone.localdate(), author=actor
        )
        _audit(actor, Action.CREATE, "plan_rating", row, goal.plan.client_id)
        _by_client(actor, goal.plan, gettext_lazy("rated how a goal is going"), f"#goal-{goal.pk}")
    return row


def save_step(actor, plan, form):
    step, creating = _save_versioned(
        actor, plan, form, object_type="plan_step", creating_fields={"created_by": actor}
    )
    if step.done and step.done_at is None:
        Step.objects.filter(pk=step.pk).update(done_at=timezone.now())
    _by_client(
        actor,
        plan,
        gettext_lazy("added a step") if creating else gettext_lazy("changed a step"),
        "#steps",
    )
    return step


def set_step_done(actor, step, done=True) -> Step:
    with transaction.atomic():
        # Ticked beside the edit form: the version moves on, so a form opened before is stale.
        move_version_on(step)
        Step.objects.filter(pk=step.pk).update(done=done, done_at=timezone.now() if done else None)
        step.refresh_from_db()
        if step.from_action_id:
            # The same action in the session note: ticked there too, so the two agree.
            from alongside.notes.records import set_done

            set_done(actor, step.from_action, done)
        keep_version(step.plan, actor, "plan_step")
        _audit(actor, Action.UPDATE, "plan_step", step, step.plan.client_id)
        _by_client(actor, step.plan, gettext_lazy("ticked off a step"), "#steps")
    return step


def step_from_action(actor, plan, action) -> Step:
    """An action agreed in a session becomes a step of the plan (once)."""
    who = {"client": "client", "therapist": "therapist", "together": "together"}[action.who]
    with transaction.atomic():
        existing = Step.objects.filter(from_action=action).first()
        if existing is not None:
            return existing
        step = Step.objects.create(
            plan=plan,
            what=action.text,
            who=who,
            done=action.done,
            done_at=action.done_at,
            from_action=action,
            created_by=actor,
        )
        keep_version(plan, actor, "plan_step")
        _audit(actor, Action.CREATE, "plan_step", step, plan.client_id)
    return step


# The client's own people and places ------------------------------------------------------------


def save_supporter(actor, plan, form) -> Supporter:
    person, creating = _save_versioned(actor, plan, form, object_type="plan_supporter")
    _by_client(actor, plan, gettext_lazy("changed who they can call on"), "#people")
    return person


def remove_supporter(actor, person) -> None:
    plan = person.plan
    with transaction.atomic():
        pk = person.pk
        person.delete()
        person.pk = pk
        keep_version(plan, actor, "plan_supporter")
        _audit(actor, Action.DELETE, "plan_supporter", person, plan.client_id)
        _by_client(actor, plan, gettext_lazy("changed who they can call on"), "#people")


# The therapist alongside -----------------------------------------------------------------------


def save_solidarity(actor, plan, form) -> SolidarityAction:
    act, _creating = _save_versioned(
        actor, plan, form, object_type="plan_solidarity", creating_fields={"author": actor}
    )
    return act


# Reviews ---------------------------------------------------------------------------------------


def set_review_date(actor, plan, review_on, expected_version) -> Plan:
    with transaction.atomic():
        claim_next_version(plan, expected_version)
        plan.review_on = review_on
        plan.save(update_fields=["review_on", "updated_at"])
        _audit(actor, Action.UPDATE, "plan", plan, plan.client_id)
    return plan


def add_review(actor, plan, how_going) -> Review:
    role = "client" if actor.role == Role.CLIENT else "therapist"
    with transaction.atomic():
        review = Review.objects.create(plan=plan, role=role, how_going=how_going, author=actor)
        _audit(actor, Action.CREATE, "plan_review", review, plan.client_id)
        _by_client(actor, plan, gettext_lazy("said how their plan is going"), "#review")
    return review


# The client's voice ----------------------------------------------------------------------------


def add_feedback(actor, plan, form, *, section=None, goal=None) -> PlanFeedback:
    with transaction.atomic():
        item = form.save(commit=False)
        item.plan = plan
        item.section = section.key if section else ""
        item.goal = goal
        item.author = actor
        item.save()
        _audit(actor, Action.CREATE, "plan_feedback", item, plan.client_id)
        _by_client(
            actor, plan, gettext_lazy("sees part of their plan differently"), f"#feedback-{item.pk}"
        )
    return item


def answer_feedback(actor, item, reply) -> PlanFeedback:
    with transaction.atomic():
        item.reply = reply
        item.replied_at = timezone.now()
        item.status = PlanFeedback.Status.ANSWERED
        item.save(update_fields=["reply", "replied_at", "status"])
        _audit(actor, Action.UPDATE, "plan_feedback", item, item.plan.client_id)
    return item


def accept_feedback(actor, item, section, expected_version, reply="") -> PlanFeedback:
    """Take the client's words into a section as a new version; their row stays."""
    with transaction.atomic():
        save_section(actor, section, item.proposed_text, expected_version)
        item.status = PlanFeedback.Status.ACCEPTED
        item.reply = reply
        item.replied_at = timezone.now()
        item.save(update_fields=["status", "reply", "replied_at"])
        _audit(actor, Action.UPDATE, "plan_feedback", item, item.plan.client_id)
    return item


# Practice settings -----------------------------------------------------------------------------


def save_crisis_line(actor, form):
    with transaction.atomic():
        line = form.save(commit=False)
        creating = line.pk is None
        line.practice = actor.practice
        line.save()
        record(
            actor=actor,
            action=Action.CREATE if creating else Action.UPDATE,
            object_type="crisis_line",
            object_id=line.pk,
        )
    return line
