"""Check-as-you-type, setting a finding aside, and the practice's checker settings."""

import re

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import may_write
from alongside.core.access import allow_methods, role_required
from alongside.core.forms import unstorable
from alongside.core.versioning import StaleEdit, claim_next_version, keep_what_they_typed
from alongside.writing import editor, reports
from alongside.writing.access import client_for_checking
from alongside.writing.checking import MAX_CHECKED_CHARS, findings_for, phrase_digest
from alongside.writing.forms import DismissForm, PracticeLanguageForm
from alongside.writing.models import Dismissal, PracticeLanguage

FIELD_NAME = re.compile(r"[\w-]{1,100}")
CHECKERS = (Role.THERAPIST, Role.SUPERVISOR)  # supervisors check their comments


def _source(request) -> str:
    source = request.POST.get(editor.SOURCE, "")
    if not FIELD_NAME.fullmatch(source):
        raise Http404
    return source


def _findings_response(request, *, client, source):
    text = request.POST.get(source, "")
    silenced: list = []
    findings = findings_for(text, client=client, practice=request.user.practice, silenced=silenced)
    region = request.POST.get("language_region", "")
    if not FIELD_NAME.fullmatch(region):
        raise Http404
    context = editor.findings_context(
        findings,
        region=region,
        source=source,
        client=client,
        silenced=silenced,
        can_set_aside=client is not None and may_write(request.user, client),
    )
    context["too_long"] = len(text) > MAX_CHECKED_CHARS
    return render(request, "writing/_findings.html", context)


@role_required(*CHECKERS)
def check(request):
    """Findings for the text in one field. Nothing is stored; saving is never blocked."""
    allow_methods(request, "POST")
    client = client_for_checking(request.user, request.POST.get(editor.CLIENT))
    return _findings_response(request, client=client, source=_source(request))


@role_required(Role.THERAPIST)
def dismiss(request):
    """Set one finding aside for this client's record (htmx, from beside the textarea).
    A change to the record, so only its therapist: a supervisor checks but sets nothing
    aside in a supervisee's record."""
    allow_methods(request, "POST")
    client = client_for_checking(request.user, request.POST.get(editor.CLIENT), write=True)
    if client is None:
        raise Http404
    slot = request.POST.get("lc_slot", "")
    form = DismissForm(
        {
            "reason": request.POST.get(f"lc_reason_{slot}", ""),
            "comment": request.POST.get(f"lc_comment_{slot}", ""),
        }
    )
    rule = request.POST.get("lc_rule", "")[:120]
    phrase = request.POST.get("lc_phrase", "")[:200]
    if not form.is_valid() or not rule or not phrase or unstorable(rule):
        return HttpResponse(_("Choose why you are setting this aside."), status=422)
    set_aside(request.user, client, rule=rule, phrase=phrase, data=form.cleaned_data)
    return _findings_response(request, client=client, source=_source(request))


@role_required(Role.THERAPIST)
def dismiss_page(request):
    """The same without JavaScript: a page of its own, then back to the record."""
    allow_methods(request, "GET", "POST")
    data = request.POST if request.method == "POST" else request.GET
    finding = editor.read_finding_token(data.get("finding", ""))
    if finding is None:
        raise Http404
    client = client_for_checking(request.user, str(finding["client"]), write=True)
    rule, phrase = finding["rule"], finding["phrase"]
    form = DismissForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        set_aside(request.user, client, rule=rule, phrase=phrase, data=form.cleaned_data)
        messages.success(request, _("Set aside. The checker won't raise it again for this client."))
        return redirect("clients:detail", client.pk)
    context = {"form": form, "client": client, "phrase": phrase, "token": data["finding"]}
    return render(request, "writing/dismiss.html", context)


def set_aside(user, client, *, rule: str, phrase: str, data: dict) -> Dismissal:
    with transaction.atomic():
        dismissal, _created = Dismissal.objects.update_or_create(
            client=client,
            rule=rule,
            phrase_digest=phrase_digest(phrase),
            defaults={
                "practice": client.practice,
                "author": user,
                "reason": data["reason"],
                "comment": data.get("comment", ""),
            },
        )
        record(
            actor=user,
            action=Action.CREATE,
            object_type="language_dismissal",
            object_id=dismissal.pk,
            client_id=client.pk,
        )
    return dismissal


@role_required(Role.ADMIN)
def practice_settings(request):
    """Rules and accept-list for the practice, and which rules its therapists set aside."""
    allow_methods(request, "GET", "POST")
    practice = request.user.practice
    own, _created = PracticeLanguage.objects.get_or_create(practice=practice)
    form = PracticeLanguageForm(
        request.POST if request.method == "POST" else None,
        instance=own,
        initial={"version": own.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                claim_next_version(form.instance, form.cleaned_data["version"])
                form.save()
                record(actor=request.user, action=Action.ADMIN, object_type="language_settings")
        except StaleEdit:
            keep_what_they_typed(
                form, _("Someone else changed these settings. Reload and try again.")
            )
        else:
            messages.success(request, _("Saved. The checker uses these from now on."))
            return redirect("writing:settings")
    context = {"form": form, "rows": reports.dismissals_by_rule(practice)}
    return render(request, "writing/settings.html", context)
