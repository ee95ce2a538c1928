"""Data-rights pages: the client's (portal) and the therapist's for one client."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.core.access import allow_methods, role_required
from alongside.notes.models import Note
from alongside.rights import corrections, erasure, package
from alongside.rights.access import my_record
from alongside.rights.exporting import FILES, export
from alongside.rights.forms import (
    AnswerForm,
    ConfirmForm,
    CorrectionForm,
    EndOfWorkForm,
    RetentionRuleForm,
)
from alongside.rights.models import Correction, EndOfWork, RetentionRule

# The client's pages ------------------------------------------------------------------------


@role_required(Role.CLIENT)
def my_rights(request):
    client = my_record(request.user)
    allow_methods(request, "GET")
    return render(
        request,
        "rights/my_rights.html",
        {
            "client": client,
            "not_included": package.not_included(),
            "corrections": Correction.objects.visible_to(request.user).filter(client=client),
        },
    )


def _download(request, fmt):
    client = my_record(request.user, action=Action.EXPORT)
    allow_methods(request, "GET")
    # A copy outlives the session on whatever device it lands on: clients confirm who they
    # are first, as for every export (see context.views.pdf.my_take_home).
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    body = export(client, request.user, fmt, request)
    filename, content_type = FILES[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.CLIENT)
def my_record_pdf(request):
    return _download(request, "pdf")


@role_required(Role.CLIENT)
def my_record_zip(request):
    return _download(request, "zip")


@role_required(Role.CLIENT)
def my_correction(request):
    writing = request.method == "POST"
    client = my_record(request.user, action=Action.CREATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    notes = Note.objects.released_to(request.user).filter(client=client).select_related("session")
    form = CorrectionForm(request.POST if writing else None, notes=notes)
    if writing and form.is_valid():
        corrections.ask(request.user, client, form)
        messages.success(request, _("Sent. Your therapist will answer; you will see it here."))
        return redirect("rights:my_rights")
    return render(request, "rights/my_correction.html", {"form": form})


@role_required(Role.CLIENT)
def my_erasure(request):
    writing = request.method == "POST"
    client = my_record(request.user, action=Action.DELETE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    chosen = erasure.plan(client)
    form = ConfirmForm(request.POST if writing else None)
    if writing and form.is_valid():
        done = erasure.erase(request.user, client, by_client=True)
        if done.outcome == done.Outcome.ALL:
            logout(request)
        return render(request, "rights/erased.html", {"plan": chosen, "done": done})
    return render(request, "rights/my_erasure.html", {"plan": chosen, "form": form})


@role_required(Role.CLIENT)
def my_close_account(request):
    writing = request.method == "POST"
    client = my_record(request.user, action=Action.UPDATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    form = ConfirmForm(request.POST if writing else None)
    if writing and form.is_valid():
        erasure.close_account(request.user, client)
        logout(request)
        return render(request, "rights/account_closed.html")
    return render(request, "rights/my_close_account.html", {"form": form})


# The therapist's page for one client --------------------------------------------------------


def _client_page(request, client, **forms):
    open_corrections = Correction.objects.editable_by(request.user).filter(client=client)
    context = {
        "client": client,
        "corrections": [
            (c, forms.get(f"answer_{c.pk}") or AnswerForm(prefix=f"c{c.pk}"))
            for c in open_corrections.select_related("note__session")
        ],
        "end": EndOfWork.objects.filter(client=client).first(),
        "end_form": forms.get("end_form") or EndOfWorkForm(),
        "plan": erasure.plan(client),
        "erase_form": forms.get("erase_form") or ConfirmForm(prefix="erase"),
        "close_form": ConfirmForm(prefix="close"),
    }
    return render(request, "rights/client_rights.html", context)


@role_required(Role.THERAPIST)
def client_rights(request, client_id):
    client = open_client(request.user, client_id, write=True, object_type="rights")
    allow_methods(request, "GET")
    return _client_page(request, client)


@role_required(Role.THERAPIST)
def client_record_zip(request, client_id):
    """The practice's copy of everything held, for a client who does not use the portal
    (the same package as `alongside export_client --format zip`)."""
    client = open_client(request.user, client_id, action=Action.EXPORT, object_type="record")
    allow_methods(request, "GET")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    body = export(client, request.user, "zip", request)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="record-{client.pk}.zip"'
    return response


@role_required(Role.THERAPIST)
def end_work(request, client_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="end_of_work"
    )
    allow_methods(request, "POST")
    form = EndOfWorkForm(request.POST)
    if not form.is_valid():
        return _client_page(request, client, end_form=form)
    erasure.end_work(
        request.user,
        client,
        ended_on=form.cleaned_data["ended_on"],
        birth_date=form.cleaned_data["birth_date"],
    )
    messages.success(request, _("The work is recorded as ended. No more check-ins are asked."))
    return redirect("rights:client_rights", client.pk)


@role_required(Role.THERAPIST)
def answer_correction(request, client_id, correction_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="correction",
        object_id=correction_id,
    )  # fmt: skip
    correction = (
        Correction.objects.editable_by(request.user).filter(client=client, pk=correction_id).first()
    )
    if correction is None:
        raise Http404
    allow_methods(request, "POST")
    form = AnswerForm(request.POST, prefix=f"c{correction.pk}")
    if not form.is_valid():
        return _client_page(request, client, **{f"answer_{correction.pk}": form})
    corrections.answer(
        request.user,
        correction,
        decision=form.cleaned_data["decision"],
        text=form.cleaned_data["answer"],
    )
    messages.success(request, _("Answered. The client can read your answer."))
    return redirect("rights:client_rights", client.pk)


@role_required(Role.THERAPIST)
def erase(request, client_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.DELETE, object_type="record_erasure"
    )
    allow_methods(request, "POST")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    form = ConfirmForm(request.POST, prefix="erase")
    if not form.is_valid():
        return _client_page(request, client, erase_form=form)
    done = erasure.erase(request.user, client, by_client=False)
    if done.outcome == done.Outcome.ALL:
        messages.success(request, _("The record was erased."))
        return redirect("clients:caseload")
    messages.success(
        request,
        _("What may go was erased. The rest must be kept until %(date)s.")
        % {"date": done.keep_until.isoformat()},
    )
    return redirect("rights:client_rights", client.pk)


@role_required(Role.THERAPIST)
def close_account(request, client_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="portal_account"
    )
    allow_methods(request, "POST")
    form = ConfirmForm(request.POST, prefix="close")
    if form.is_valid() and erasure.close_account(request.user, client):
        messages.success(request, _("The portal account is closed. The record stays."))
    return redirect("rights:client_rights", client.pk)


# The practice's rule -------------------------------------------------------------------------


@role_required(Role.ADMIN)
def retention_rule(request):
    allow_methods(request, "GET", "POST")
    practice = request.user.practice
    if practice is None:
        raise Http404
    from alongside.rights.retention import DEFAULT, PRESETS

    instance = RetentionRule.objects.filter(practice=practice).first() or RetentionRule(
        practice=practice, **PRESETS[DEFAULT]
    )
    form = RetentionRuleForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        from django.db import transaction

        from alongside.audit.chain import record

        with transaction.atomic():
            rule = form.save()
            record(
                actor=request.user, action=Action.UPDATE, object_type="retention_rule",
                object_id=rule.pk,
            )  # fmt: skip
        messages.success(request, _("The retention rule is saved."))
        return redirect("rights:retention_rule")
    return render(request, "rights/retention_rule.html", {"form": form, "presets": PRESETS})
