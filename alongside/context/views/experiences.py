"""Experiences of oppression: the timeline (filterable by system and domain) and editing."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import may_write
from alongside.context.access import my_client, open_for, open_row
from alongside.context.forms import ExperienceForm
from alongside.context.models import Experience, LifeDomain, OppressionSystem
from alongside.context.records import StaleEdit, save_experience
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed


def timeline_context(request, client):
    practice = client.practice
    systems = list(OppressionSystem.objects.for_practice(practice))
    domains = list(LifeDomain.objects.for_practice(practice))
    # No code has a NUL byte, and PostgreSQL refuses one even in a lookup (a 500).
    chosen_system = request.GET.get("system", "").replace("\x00", "")
    chosen_domain = request.GET.get("domain", "").replace("\x00", "")
    experiences = (
        Experience.objects.visible_to(request.user)
        .filter(client=client)
        .select_related("domain")
        .prefetch_related("systems")
        .timeline()
    )
    if chosen_system:
        experiences = experiences.filter(systems__code=chosen_system)
    if chosen_domain:
        experiences = experiences.filter(domain__code=chosen_domain)
    return {
        "client": client,
        "experiences": list(experiences),
        "systems": systems,
        "domains": domains,
        "chosen_system": chosen_system,
        "chosen_domain": chosen_domain,
        "filtered": bool(chosen_system or chosen_domain),
        "can_write": may_write(request.user, client),
    }


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def timeline(request, client_id):
    client = open_for(request.user, client_id, object_type="experience")
    allow_methods(request, "GET")
    return render(request, "context/timeline.html", timeline_context(request, client))


@role_required(Role.CLIENT)
def my_timeline(request):
    client = my_client(request.user, object_type="experience")
    allow_methods(request, "GET")
    return render(request, "context/my_timeline.html", timeline_context(request, client))


def _edit(request, client, experience):
    writing = request.method == "POST"
    form = ExperienceForm(
        request.POST if writing else None,
        instance=experience,
        initial={"version": experience.version if experience else 1},
        practice=client.practice,
    )
    if writing and form.is_valid():
        try:
            save_experience(request.user, client, form)
        except StaleEdit:
            keep_what_they_typed(
                form,
                _(
                    "Someone else saved this experience after you opened it. What you typed "
                    "is kept below. Open it again in a new tab to see their change."
                ),
            )
        else:
            messages.success(request, _("Experience saved."))
            return redirect("context:timeline", client.pk)
    return render(
        request,
        "context/experience_form.html",
        {"form": form, "client": client, "experience": experience},
    )


@role_required(Role.THERAPIST)
def experience_add(request, client_id):
    writing = request.method == "POST"
    client = open_for(
        request.user,
        client_id,
        write=True,
        action=Action.CREATE if writing else Action.VIEW,
        object_type="experience",
    )
    allow_methods(request, "GET", "POST")
    return _edit(request, client, None)


@role_required(Role.THERAPIST)
def experience_edit(request, client_id, experience_id):
    action = Action.UPDATE if request.method == "POST" else Action.VIEW
    client, experience = open_row(
        request.user,
        client_id,
        Experience.objects,
        experience_id,
        object_type="experience",
        write=True,
        action=action,
    )
    allow_methods(request, "GET", "POST")
    return _edit(request, client, experience)
