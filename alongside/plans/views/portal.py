"""The client's side of the plan, under /my/: phone-first and in plain words.

The client writes their sections, goals and steps, rates their goals, ticks steps off,
keeps their own list of people and places, says how it is going at a review, and says so
when they see something differently. Nothing they write goes through the wording checker.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.home import mark_opened
from alongside.clients.models import PortalSeen
from alongside.core.access import allow_methods, role_required
from alongside.plans import records
from alongside.plans.access import my_plan, plan_row
from alongside.plans.charts import progress_chart
from alongside.plans.forms import (
    FeedbackForm,
    GoalForm,
    RatingForm,
    ReviewForm,
    SectionForm,
    SupporterForm,
)
from alongside.plans.models import HINTS, Goal, Section, Step, Supporter
from alongside.plans.needs import latest_plan_version
from alongside.plans.views.common import plan_context, versions_context
from alongside.plans.views.editing import edit_page
from alongside.plans.views.therapist import _step_page


def _action(request):
    return Action.UPDATE if request.method == "POST" else Action.VIEW


def _mine(anchor=""):
    return reverse("plans:my_plan") + anchor


@role_required(Role.CLIENT)
def my_plan_page(request):
    client, plan = my_plan(request.user, make=request.method == "GET")
    allow_methods(request, "GET")
    mark_opened(client, PortalSeen.Kind.PLAN, plan.pk, latest_plan_version(plan))
    return render(request, "plans/my_plan.html", plan_context(request.user, client, plan))


@role_required(Role.CLIENT)
def my_section(request, section):
    client, plan = my_plan(request.user, action=_action(request))
    allow_methods(request, "GET", "POST")
    if section not in Section.values:
        raise Http404
    row = records.sections_of(plan)[section]
    label = Section(section).label

    def build(data):
        return SectionForm(
            data,
            initial={"text": row.text, "version": row.version},
            label=label,
            hint=HINTS[section],
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
        lede=_("Write it your way. Every time you save, the earlier words are kept."),
        done_url=_mine(f"#section-{section}"),
        saved_message=_("Saved."),
        portal=True,
    )


def _goal_page(request, client, plan, goal):
    def build(data):
        return GoalForm(
            data,
            instance=goal,
            initial={"version": goal.version if goal else 1},
            client=client,
            viewer=request.user,
        )

    return edit_page(
        request,
        client=client,
        row=goal,
        build=build,
        save=lambda form: records.save_goal(request.user, plan, form),
        title=_("Change a goal") if goal else _("Add a goal"),
        lede=_("What you want to change, and how you would know it had."),
        done_url=_mine("#goals"),
        saved_message=_("Goal saved."),
        portal=True,
    )


@role_required(Role.CLIENT)
def my_goal_add(request):
    client, plan = my_plan(request.user, action=_action(request), object_type="plan_goal")
    allow_methods(request, "GET", "POST")
    return _goal_page(request, client, plan, None)


@role_required(Role.CLIENT)
def my_goal_edit(request, goal_id):
    client, plan = my_plan(
        request.user, action=_action(request), object_type="plan_goal", make=False
    )
    goal = plan_row(request.user, plan, Goal.objects, goal_id, object_type="plan_goal", write=True)
    allow_methods(request, "GET", "POST")
    return _goal_page(request, client, plan, goal)


@role_required(Role.CLIENT)
def my_rate(request, goal_id):
    """The client's own rating of how far a goal has come, with the chart so far."""
    client, plan = my_plan(
        request.user, action=_action(request), object_type="plan_rating", make=False
    )
    goal = plan_row(
        request.user, plan, Goal.objects, goal_id, object_type="plan_rating", write=True
    )
    allow_methods(request, "GET", "POST")
    form = RatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        records.rate_goal(request.user, goal, form.cleaned_data["rating"])
        messages.success(request, _("Thank you. Your rating is saved."))
        return redirect(_mine(f"#goal-{goal.pk}"))
    ratings = list(goal.ratings.all())
    return render(
        request,
        "plans/my_rate.html",
        {
            "client": client,
            "goal": goal,
            "form": form,
            "ratings": ratings,
            "chart": progress_chart(goal, ratings),
        },
    )


@role_required(Role.CLIENT)
def my_step_add(request):
    client, plan = my_plan(request.user, action=_action(request), object_type="plan_step")
    allow_methods(request, "GET", "POST")
    return _step_page(request, client, plan, None, portal=True, done_url=_mine("#steps"))


@role_required(Role.CLIENT)
def my_step_edit(request, step_id):
    client, plan = my_plan(
        request.user, action=_action(request), object_type="plan_step", make=False
    )
    step = plan_row(request.user, plan, Step.objects, step_id, object_type="plan_step", write=True)
    allow_methods(request, "GET", "POST")
    return _step_page(request, client, plan, step, portal=True, done_url=_mine("#steps"))


@role_required(Role.CLIENT)
def my_step_done(request, step_id):
    """Tick a step off (or back on) from the plan page."""
    client, plan = my_plan(request.user, action=Action.UPDATE, object_type="plan_step", make=False)
    step = plan_row(request.user, plan, Step.objects, step_id, object_type="plan_step", write=True)
    allow_methods(request, "POST")
    done = request.POST.get("done", "1") != "0"
    records.set_step_done(request.user, step, done)
    messages.success(request, _("Ticked off. Well done.") if done else _("Marked as not done yet."))
    return redirect(_mine(f"#step-{step.pk}"))


def _supporter_page(request, client, plan, person):
    def build(data):
        return SupporterForm(
            data, instance=person, initial={"version": person.version if person else 1}
        )

    return edit_page(
        request,
        client=client,
        row=person,
        build=build,
        save=lambda form: records.save_supporter(request.user, plan, form),
        title=_("Change someone you can call on") if person else _("Add someone you can call on"),
        lede=_("This list is yours: only you change it. Your therapist can read it."),
        done_url=_mine("#people"),
        saved_message=_("Saved."),
        portal=True,
        extra={
            "remove_url": reverse("plans:my_supporter_remove", args=[person.pk]) if person else ""
        },
    )


@role_required(Role.CLIENT)
def my_supporter_add(request):
    client, plan = my_plan(request.user, action=_action(request), object_type="plan_supporter")
    allow_methods(request, "GET", "POST")
    return _supporter_page(request, client, plan, None)


@role_required(Role.CLIENT)
def my_supporter_edit(request, supporter_id):
    client, plan = my_plan(
        request.user, action=_action(request), object_type="plan_supporter", make=False
    )
    person = plan_row(
        request.user,
        plan,
        Supporter.objects,
        supporter_id,
        object_type="plan_supporter",
        write=True,
    )
    allow_methods(request, "GET", "POST")
    return _supporter_page(request, client, plan, person)


@role_required(Role.CLIENT)
def my_supporter_remove(request, supporter_id):
    client, plan = my_plan(
        request.user, action=Action.DELETE, object_type="plan_supporter", make=False
    )
    person = plan_row(
        request.user,
        plan,
        Supporter.objects,
        supporter_id,
        object_type="plan_supporter",
        write=True,
        action=Action.DELETE,
    )
    allow_methods(request, "POST")
    records.remove_supporter(request.user, person)
    messages.success(request, _("Taken off your list."))
    return redirect(_mine("#people"))


@role_required(Role.CLIENT)
def my_review(request):
    client, plan = my_plan(request.user, action=_action(request), object_type="plan_review")
    allow_methods(request, "GET", "POST")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        records.add_review(request.user, plan, form.cleaned_data["how_going"])
        messages.success(request, _("Saved. Your therapist will read it."))
        return redirect(_mine("#review"))
    return render(
        request,
        "plans/my_review.html",
        {"client": client, "plan": plan, "form": form, "reviews": list(plan.reviews.all())},
    )


def _differently(request, client, plan, *, section=None, goal=None, label=""):
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        item = records.add_feedback(request.user, plan, form, section=section, goal=goal)
        messages.success(
            request, _("Sent. It stays next to that part of your plan, in your words.")
        )
        # Back to what they just sent, with the confirmation next to it.
        return redirect(_mine(f"#feedback-{item.pk}"))
    current = section.text if section else goal.different
    return render(
        request,
        "plans/my_differently.html",
        {"client": client, "form": form, "label": label, "current": current},
    )


@role_required(Role.CLIENT)
def my_section_differently(request, section):
    client, plan = my_plan(request.user, action=_action(request), object_type="plan_feedback")
    allow_methods(request, "GET", "POST")
    if section not in Section.values:
        raise Http404
    row = records.sections_of(plan)[section]
    return _differently(request, client, plan, section=row, label=Section(section).label)


@role_required(Role.CLIENT)
def my_goal_differently(request, goal_id):
    client, plan = my_plan(
        request.user, action=_action(request), object_type="plan_feedback", make=False
    )
    goal = plan_row(request.user, plan, Goal.objects, goal_id, object_type="plan_feedback")
    allow_methods(request, "GET", "POST")
    return _differently(request, client, plan, goal=goal, label=goal.title)


@role_required(Role.CLIENT)
def my_versions(request):
    client, plan = my_plan(request.user, object_type="plan_version", make=request.method == "GET")
    allow_methods(request, "GET")
    context = {"client": client, "plan": plan}
    context.update(versions_context(request, plan))
    return render(request, "plans/my_versions.html", context)
