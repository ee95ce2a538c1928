"""The client's side of the formulation: read it, comment, propose a change, say "this
doesn't fit me", and choose who else may read it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.context.access import my_client
from alongside.context.forms import FeedbackForm, FormulationVisibilityForm
from alongside.context.models import Feedback, Section
from alongside.context.records import (
    add_feedback,
    formulation_for,
    sections_of,
    set_formulation_visibility,
)
from alongside.context.views.formulation import formulation_sections, versions_context
from alongside.core.access import allow_methods, role_required


@role_required(Role.CLIENT)
def my_formulation(request):
    client = my_client(request.user, object_type="formulation")
    allow_methods(request, "GET")
    current = formulation_for(client)
    ptmf, narrative = formulation_sections(current, request.user)
    return render(
        request,
        "context/my_formulation.html",
        {
            "client": client,
            "formulation": current,
            "ptmf": ptmf,
            "narrative": narrative,
            "visibility_form": FormulationVisibilityForm(
                initial={"visibility": current.visibility}
            ),
        },
    )


@role_required(Role.CLIENT)
def my_respond(request, section):
    writing = request.method == "POST"
    client = my_client(
        request.user,
        object_type="formulation_feedback",
        action=Action.CREATE if writing else Action.VIEW,
    )
    allow_methods(request, "GET", "POST")
    current = formulation_for(client)
    if section not in Section.values:
        raise Http404
    row = sections_of(current)[section]
    source = request.POST if writing else request.GET
    kind = source.get("kind")
    kind = kind if kind in Feedback.Kind.values else Feedback.Kind.COMMENT
    initial = {"kind": kind}
    if kind == Feedback.Kind.PROPOSAL:
        initial["proposed_text"] = row.text  # start from the words as they stand
    form = FeedbackForm(
        request.POST if writing else None, initial=initial, current_text=row.text, kind=kind
    )
    if writing and form.is_valid():
        feedback = add_feedback(request.user, current, row, form)
        messages.success(
            request, _("Sent. Your therapist will see it. Nothing you wrote will be changed.")
        )
        # Back to what they just sent, not the top of the page.
        return redirect(reverse("context:my_formulation") + f"#feedback-{feedback.pk}")
    return render(
        request,
        "context/my_respond.html",
        {
            "client": client,
            "form": form,
            "section": row,
            "label": Section(section).label,
            "kind": kind,
            "kinds": Feedback.Kind.choices,
        },
    )


@role_required(Role.CLIENT)
def my_formulation_visibility(request):
    client = my_client(request.user, object_type="formulation", action=Action.UPDATE)
    allow_methods(request, "POST")
    form = FormulationVisibilityForm(request.POST)
    if form.is_valid():
        set_formulation_visibility(
            request.user, formulation_for(client), form.cleaned_data["visibility"]
        )
        messages.success(request, _("Saved. You can change this any time."))
    else:
        messages.error(request, _("Please choose who may read it."))
    return redirect("context:my_formulation")


@role_required(Role.CLIENT)
def my_versions(request):
    client = my_client(request.user, object_type="formulation_version")
    allow_methods(request, "GET")
    current = formulation_for(client)
    context = {"client": client, "formulation": current}
    context.update(versions_context(request, current))
    return render(request, "context/my_versions.html", context)
