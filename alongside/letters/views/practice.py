"""The admin's side: the practice's letter templates and its letterhead."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import StaleEdit, claim_next_version, keep_what_they_typed
from alongside.letters.access import open_template
from alongside.letters.forms import LetterheadForm, TemplateForm
from alongside.letters.models import Letterhead, LetterTemplate
from alongside.letters.placeholders import PLACEHOLDERS


@role_required(Role.ADMIN)
def templates(request):
    allow_methods(request, "GET")
    return render(
        request,
        "letters/templates.html",
        {
            "templates": LetterTemplate.objects.for_practice(request.user.practice),
            "placeholders": PLACEHOLDERS,
            "letterhead": Letterhead.objects.filter(practice=request.user.practice).first(),
        },
    )


@role_required(Role.ADMIN)
def template_add(request):
    allow_methods(request, "GET", "POST")
    form = TemplateForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            template = form.save(commit=False)
            template.practice = request.user.practice
            template.save()
            record(
                actor=request.user,
                action=Action.CREATE,
                object_type="letter_template",
                object_id=template.pk,
            )
        messages.success(request, _("Template added."))
        return redirect("letters:templates")
    return render(request, "letters/template_form.html", {"form": form})


@role_required(Role.ADMIN)
def template_edit(request, template_id):
    template = open_template(request.user, template_id)
    allow_methods(request, "GET", "POST")
    form = TemplateForm(
        request.POST or None, instance=template, initial={"version": template.version}
    )
    if request.method == "POST" and form.is_valid():
        message = _("Someone else saved this template after you opened it.")
        try:
            with transaction.atomic():
                version = claim_next_version(
                    template, form.cleaned_data["version"], message=message
                )
                saved = form.save(commit=False)
                saved.version = version
                saved.save()
                record(
                    actor=request.user,
                    action=Action.UPDATE,
                    object_type="letter_template",
                    object_id=template.pk,
                )
        except StaleEdit:
            form = keep_what_they_typed(form, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("letters:templates")
    return render(request, "letters/template_form.html", {"form": form, "template": template})


@role_required(Role.ADMIN)
def letterhead(request):
    allow_methods(request, "GET", "POST")
    practice = request.user.practice
    current = Letterhead.objects.filter(practice=practice).first() or Letterhead(
        practice=practice, name=practice.name
    )
    form = LetterheadForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            record(
                actor=request.user,
                action=Action.UPDATE,
                object_type="letterhead",
                object_id=saved.pk,
            )
        messages.success(request, _("Saved. New letters will use it when they are finalised."))
        return redirect("letters:templates")
    return render(request, "letters/letterhead.html", {"form": form})
