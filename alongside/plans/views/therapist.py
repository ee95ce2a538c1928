"""The therapist's (and, read-only, the supervisor's) side of the plan."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.core.access import allow_methods, role_required
from alongside.notes.models import AgreedAction
from alongside.plans import records
from alongside.plans.access import open_plan, plan_row
from alongside.plans.forms import (
    AcceptForm,
    GoalForm,
    ReplyForm,
    ReviewDateForm,
    ReviewForm,
    SectionForm,
    SolidarityForm,
    StepForm,
)
from alongside.plans.models import (
    HINTS,
    Goal,
    PlanFeedback,
    Section,
    SolidarityAction,
    Step,
)
from alongside.plans.views.common import plan_context, versioned_save, versions_context
from alongside.plans.views.editing import edit_page


def _action(request):
    return Action.UPDATE if request.method == "POST" else Action.VIEW


def _plan_url(client, anchor=""):
    return reverse("plans:plan", args=[client.pk]) + anchor


def _open_actions(user, client):
    """Actions agreed in this client's signed notes that are not yet plan steps."""
    return list(
        AgreedAction.objects.filter(
            note__in=_notes_visible(user, client), plan_step__isnull=True
        ).select_related("note")
    )


def _notes_visible(user, client):
    """Only signed notes: an action in a draft is not yet agreed."""
    from alongside.notes.models import Note, NoteStatus

    return Note.objects.visible_to(user).filter(client=client, status=NoteStatus.SIGNED)


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def plan(request, client_id):
    client, current = open_plan(request.user, client_id, make=request.method == "GET")
    allow_methods(request, "GET")
    context = plan_context(request.user, client, current)
    if request.user.role == Role.THERAPIST:
        context["agreed_actions"] = _open_actions(request.user, client)
    return render(request, "plans/plan.html", context)


@role_required(Role.THERAPIST)
def section_edit(request, client_id, section):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan"
    )
    allow_methods(request, "GET", "POST")
    if section not in Section.values:
        raise Http404
    row = records.sections_of(current)[section]
    label = Section(section).label

    def build(data):
        return SectionForm(
            data,
            initial={"text": row.text, "version": row.version},
            label=label,
            hint=HINTS[section],
            checked=True,
        )

    return edit_page(
        request,
        client=client,
        row=row,
        build=build,
        save=lambda form: records.save_section(
            request.user, row, form.cleaned_data["text"], form.cleaned_data["version"]
        ),
        title=label,
        lede=_("Write it with the client, in their words. Every save is kept as a version."),
        done_url=_plan_url(client, f"#section-{section}"),
        saved_message=_("Saved as a new version."),
    )


def _goal_page(request, client, current, goal):
    def build(data):
        return GoalForm(
            data,
            instance=goal,
            initial={"version": goal.version if goal else 1},
            client=client,
            viewer=request.user,
            checked=True,
        )

    return edit_page(
        request,
        client=client,
        row=goal,
        build=build,
        save=lambda form: records.save_goal(request.user, current, form),
        title=_("Change a goal") if goal else _("Add a goal"),
        lede=_("What the client wants to change, and how they would know it had."),
        done_url=_plan_url(client, "#goals"),
        saved_message=_("Goal saved."),
    )


@role_required(Role.THERAPIST)
def goal_add(request, client_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_goal"
    )
    allow_methods(request, "GET", "POST")
    return _goal_page(request, client, current, None)


@role_required(Role.THERAPIST)
def goal_edit(request, client_id, goal_id):
    action = _action(request)
    client, current = open_plan(
        request.user, client_id, write=True, action=action, object_type="plan_goal"
    )
    goal = plan_row(
        request.user, current, Goal.objects, goal_id, object_type="plan_goal", write=True
    )
    allow_methods(request, "GET", "POST")
    return _goal_page(request, client, current, goal)


def _step_page(request, client, current, step, *, portal=False, done_url=None):
    def build(data):
        return StepForm(
            data,
            instance=step,
            initial={"version": step.version if step else 1},
            plan=current,
            checked=not portal,
        )

    return edit_page(
        request,
        client=client,
        row=step,
        build=build,
        save=lambda form: records.save_step(request.user, current, form),
        title=_("Change a step") if step else _("Add a step"),
        lede=_("Who does what, and by when. If something got in the way, say what: no blame."),
        done_url=done_url or _plan_url(client, "#steps"),
        saved_message=_("Step saved."),
        portal=portal,
    )


@role_required(Role.THERAPIST)
def step_add(request, client_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_step"
    )
    allow_methods(request, "GET", "POST")
    return _step_page(request, client, current, None)


@role_required(Role.THERAPIST)
def step_edit(request, client_id, step_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_step"
    )
    step = plan_row(
        request.user, current, Step.objects, step_id, object_type="plan_step", write=True
    )
    allow_methods(request, "GET", "POST")
    return _step_page(request, client, current, step)


@role_required(Role.THERAPIST)
def step_from_action(request, client_id, action_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=Action.CREATE, object_type="plan_step"
    )
    action = (
        AgreedAction.objects.filter(note__in=_notes_visible(request.user, client), pk=action_id)
        .select_related("note")
        .first()
    )
    if action is None:
        raise Http404
    allow_methods(request, "POST")
    records.step_from_action(request.user, current, action)
    messages.success(request, _("The agreed action is now a step of the plan."))
    return redirect(_plan_url(client, "#steps"))


def _solidarity_page(request, client, current, act):
    def build(data):
        return SolidarityForm(data, instance=act, initial={"version": act.version if act else 1})

    return edit_page(
        request,
        client=client,
        row=act,
        build=build,
        save=lambda form: records.save_solidarity(request.user, current, form),
        title=_("Change what I am doing alongside") if act else _("Add what I am doing alongside"),
        lede=_(
            "A letter, a call, going with the client to an appointment, a referral, a complaint "
            "raised with their consent. The client reads this list."
        ),
        done_url=_plan_url(client, "#alongside"),
        saved_message=_("Saved. The client can read it in their plan."),
    )


@role_required(Role.THERAPIST)
def solidarity_add(request, client_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_solidarity"
    )
    allow_methods(request, "GET", "POST")
    return _solidarity_page(request, client, current, None)


@role_required(Role.THERAPIST)
def solidarity_edit(request, client_id, solidarity_id):
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_solidarity"
    )
    act = plan_row(
        request.user,
        current,
        SolidarityAction.objects,
        solidarity_id,
        object_type="plan_solidarity",
        write=True,
    )
    allow_methods(request, "GET", "POST")
    return _solidarity_page(request, client, current, act)


@role_required(Role.THERAPIST)
def review(request, client_id):
    """The review: when it is, and the therapist's word on how it is going."""
    client, current = open_plan(
        request.user, client_id, write=True, action=_action(request), object_type="plan_review"
    )
    allow_methods(request, "GET", "POST")
    date_form = ReviewDateForm(initial={"review_on": current.review_on, "version": current.version})
    review_form = ReviewForm(checked=True)
    conflict = None
    if request.method == "POST" and request.POST.get("part") == "date":
        date_form, saved, conflict = versioned_save(
            request.POST,
            lambda data: ReviewDateForm(data),
            lambda form: records.set_review_date(
                request.user, current, form.cleaned_data["review_on"], form.cleaned_data["version"]
            ),
            lambda: type(current).objects.visible_to(request.user).get(pk=current.pk),
        )
        if saved:
            messages.success(request, _("Review date saved."))
            return redirect(_plan_url(client, "#review"))
    elif request.method == "POST":
        review_form = ReviewForm(request.POST, checked=True)
        if review_form.is_valid():
            records.add_review(request.user, current, review_form.cleaned_data["how_going"])
            messages.success(request, _("Saved. The client reads it beside their own words."))
            return redirect(_plan_url(client, "#review"))
    return render(
        request,
        "plans/review.html",
        {
            "client": client,
            "plan": current,
            "date_form": date_form,
            "review_form": review_form,
            "conflict": conflict,
            "reviews": list(current.reviews.select_related("author")),
        },
    )


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def versions(request, client_id):
    client, current = open_plan(
        request.user, client_id, object_type="plan_version", make=request.method == "GET"
    )
    allow_methods(request, "GET")
    context = {"client": client, "plan": current}
    if current is not None:
        context.update(versions_context(request, current))
    return render(request, "plans/versions.html", context)


def _feedback(request, client_id, feedback_id, *, writing):
    client, current = open_plan(
        request.user,
        client_id,
        write=True,
        action=Action.UPDATE if writing else Action.VIEW,
        object_type="plan_feedback",
        object_id=feedback_id,
    )
    item = plan_row(
        request.user,
        current,
        PlanFeedback.objects.select_related("goal"),
        feedback_id,
        object_type="plan_feedback",
        write=True,
    )
    return client, current, item


def _feedback_page(request, client, current, item, accept_form=None, reply_form=None):
    section = records.sections_of(current)[item.section] if item.section else None
    return render(
        request,
        "plans/feedback.html",
        {
            "client": client,
            "item": item,
            "section": section,
            "label": Section(item.section).label if item.section else item.goal.title,
            "accept_form": accept_form
            or AcceptForm(initial={"version": section.version if section else 0}),
            "reply_form": reply_form or ReplyForm(),
        },
    )


@role_required(Role.THERAPIST)
def feedback(request, client_id, plan_feedback_id):
    client, current, item = _feedback(request, client_id, plan_feedback_id, writing=False)
    allow_methods(request, "GET")
    return _feedback_page(request, client, current, item)


@role_required(Role.THERAPIST)
def feedback_accept(request, client_id, plan_feedback_id):
    client, current, item = _feedback(request, client_id, plan_feedback_id, writing=True)
    allow_methods(request, "POST")
    if not item.section or not item.proposed_text or item.status == PlanFeedback.Status.ACCEPTED:
        messages.error(request, _("Only the client's own words for a section can be taken in."))
        return redirect("plans:feedback", client.pk, item.pk)
    section = records.sections_of(current)[item.section]
    form, saved, conflict = versioned_save(
        request.POST,
        lambda data: AcceptForm(data),
        lambda form: records.accept_feedback(
            request.user,
            item,
            section,
            form.cleaned_data["version"],
            form.cleaned_data["reply"],
        ),
        lambda: records.sections_of(current)[item.section],
    )
    if saved:
        messages.success(request, _("The client's words are now the plan's, as a new version."))
        return redirect(_plan_url(client, f"#section-{item.section}"))
    return _feedback_page(request, client, current, item, accept_form=form)


@role_required(Role.THERAPIST)
def feedback_answer(request, client_id, plan_feedback_id):
    client, current, item = _feedback(request, client_id, plan_feedback_id, writing=True)
    allow_methods(request, "POST")
    form = ReplyForm(request.POST)
    if form.is_valid():
        records.answer_feedback(request.user, item, form.cleaned_data["reply"])
        messages.success(request, _("Answer saved. The client's words stay beside it."))
        return redirect(_plan_url(client, f"#feedback-{item.pk}"))
    return _feedback_page(request, client, current, item, reply_form=form)
