"""Therapist and supervisor pages for a client's check-ins and measures."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import may_write, open_client
from alongside.core.access import allow_methods, role_required
from alongside.core.site import absolute_url
from alongside.measures import checkins, exports, instruments, link_email, links, results
from alongside.measures.access import open_assignment, open_check_in, open_flag, open_response
from alongside.measures.forms import AssignForm, RepairForm
from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Flag, Response
from alongside.measures.schedule import make_due_for_client

STAFF = (Role.THERAPIST, Role.SUPERVISOR)


def _writing(request) -> bool:
    return request.method not in ("GET", "HEAD")


@role_required(*STAFF)
def client_measures(request, client_id):
    client = open_client(request.user, client_id, object_type="measures")
    allow_methods(request, "GET")
    can_write = may_write(request.user, client)
    if can_write:
        # Opening the page makes due check-ins: a write, so only for the client's therapist.
        make_due_for_client(client)
    user = request.user
    context = {
        "client": client,
        "flags": Flag.objects.visible_to(user)
        .open()
        .filter(client=client)
        .select_related("response__check_in__session"),
        "resolved": Flag.objects.visible_to(user)
        .filter(client=client, resolved_at__isnull=False)
        .select_related("resolved_by", "response__check_in__session")[:10],
        "open_check_ins": CheckIn.objects.visible_to(user)
        .filter(client=client, status=CheckInStatus.OPEN)
        .select_related("session"),
        "assignments": Assignment.objects.visible_to(user).filter(
            client=client, stopped_at__isnull=True
        ),
        "trends": results.trends(user, client),
        "can_write": can_write,
    }
    return render(request, "measures/client.html", context)


@role_required(Role.THERAPIST)
def assign(request, client_id):
    client = open_client(
        request.user,
        client_id,
        write=True,
        action=Action.CREATE if _writing(request) else Action.VIEW,
        object_type="measures",
    )
    allow_methods(request, "GET", "POST")
    form = AssignForm(request.POST if _writing(request) else None)
    if _writing(request) and form.is_valid():
        data = form.cleaned_data
        checkins.assign(
            request.user,
            client,
            instrument=data["instrument"],
            schedule=data["schedule"],
            every_weeks=data["every_weeks"],
            email_links=data["email_links"],
        )
        messages.success(request, _("Check-in set up."))
        return redirect("measures:client", client.pk)
    return render(request, "measures/assign.html", {"client": client, "form": form})


@role_required(Role.THERAPIST)
def stop(request, client_id, assignment_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE, object_type="measures"
    )
    assignment = open_assignment(request.user, client, assignment_id)
    allow_methods(request, "POST")
    checkins.stop(request.user, assignment)
    messages.success(request, _("Stopped. Nothing more will be asked for this one."))
    return redirect("measures:client", client.pk)


@role_required(Role.THERAPIST)
def link(request, client_id, check_in_id):
    client = open_client(
        request.user, client_id, write=True, action=Action.INVITE, object_type="check_in"
    )
    check_in = open_check_in(request.user, client, check_in_id)
    allow_methods(request, "POST")
    token = links.issue_link(request.user, check_in)
    if request.POST.get("send") == "email" and client.email:
        link_email.email_link(request, check_in, token)
        messages.success(request, _("Link sent to %(email)s.") % {"email": client.email})
        return redirect("measures:client", client.pk)
    url = absolute_url(request, links.link_path(token))
    return render(
        request,
        "measures/link_made.html",
        {"client": client, "check_in": check_in, "url": url, "days": links.link_days()},
    )


@role_required(*STAFF)
def response_detail(request, client_id, response_id):
    client = open_client(request.user, client_id, object_type="measure_response")
    response = open_response(request.user, client, response_id)
    allow_methods(request, "GET")
    return render(request, "measures/response.html", _response_context(client, response))


def _response_context(client, response, *, mine=False):
    # Same words the person answered in when a full translation ships; otherwise as written.
    instrument = instruments.for_language(response.instrument, get_language())[0]
    answers = response.answers
    return {
        "client": client,
        "response": response,
        "mine": mine,  # the client's own page (portal) rather than staff's
        "instrument": instrument,
        "score": instrument.score(answers),
        "rows": [
            (q, q.display(answers.get(q.link_id)), q.value(answers.get(q.link_id)))
            for q in instrument.visible(answers)
        ],
    }


@role_required(*STAFF)
def flag(request, client_id, prompt_id):
    writing = _writing(request)
    client = open_client(
        request.user,
        client_id,
        write=writing,
        action=Action.UPDATE if writing else Action.VIEW,
        object_type="measure_flag",
    )
    action = Action.UPDATE if writing else Action.VIEW
    found = open_flag(request.user, client, prompt_id, write=writing, action=action)
    allow_methods(request, "GET", "POST")
    form = RepairForm(request.POST if writing else None)
    if writing and found.is_open and form.is_valid():
        checkins.resolve_flag(request.user, found, form.cleaned_data["note"])
        messages.success(request, _("Recorded. The prompt is cleared."))
        return redirect("measures:client", client.pk)
    # The questions as the reader reads them (the rupture table quotes them).
    instrument = instruments.for_language(found.response.instrument, get_language())[0]
    return render(
        request,
        "measures/flag.html",
        {
            "client": client,
            "flag": found,
            "form": form,
            "instrument": instrument,
            "details": [{**d, "label": instrument.label(d.get("item", ""))} for d in found.details],
            "can_write": may_write(request.user, client) and found.is_open,
        },
    )


def _export(user, client, fmt):
    responses = list(
        Response.objects.visible_to(user).completed().filter(client=client).order_by("submitted_at")
    )
    record(
        actor=user,
        action=Action.EXPORT,
        object_type="measure_responses",
        object_id=f"{client.pk}.{fmt}",
        client_id=client.pk,
    )
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        body = json.dumps(exports.bundle(responses), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/fhir+json; charset=utf-8")
    else:
        response = HttpResponse(exports.csv_text(responses), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="check-ins-{stamp}.{fmt}"'
    return response


@role_required(Role.THERAPIST)
def export_fhir(request, client_id):
    client = open_client(request.user, client_id, action=Action.EXPORT, object_type="measures")
    allow_methods(request, "GET")
    # After the scoped fetch, so that someone who may not see the record gets its 404.
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _export(request.user, client, "json")


@role_required(Role.THERAPIST)
def export_csv(request, client_id):
    client = open_client(request.user, client_id, action=Action.EXPORT, object_type="measures")
    allow_methods(request, "GET")
    # After the scoped fetch, so that someone who may not see the record gets its 404.
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _export(request.user, client, "csv")
