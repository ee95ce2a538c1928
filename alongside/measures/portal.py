"""The client's check-ins: in the portal (signed in) and through a single-use link."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_own_record
from alongside.core import languages
from alongside.core.access import allow_methods, public, role_required
from alongside.measures import answering, links, results
from alongside.measures.models import CheckIn, CheckInStatus, Response, Via
from alongside.measures.schedule import make_due_for_client
from alongside.measures.views import _export, _response_context


def _my_client(user, action=Action.VIEW, object_type="measures"):
    return open_own_record(user, action=action, object_type=object_type)


def open_check_ins(user, client):
    today = timezone.localdate()
    return (
        CheckIn.objects.visible_to(user)
        .filter(client=client, status=CheckInStatus.OPEN, due_on__lte=today)
        .select_related("session", "response")
        .order_by("due_on", "id")
    )


@role_required(Role.CLIENT)
def mine(request):
    client = _my_client(request.user)
    allow_methods(request, "GET")
    make_due_for_client(client)
    return render(
        request,
        "measures/mine.html",
        {
            "client": client,
            "mine": True,  # the trends link to the client's own pages
            "open_check_ins": open_check_ins(request.user, client),
            "trends": results.trends(request.user, client),
        },
    )


@role_required(Role.CLIENT)
def answer(request, check_in_id):
    writing = request.method == "POST"
    client = _my_client(
        request.user, Action.UPDATE if writing else Action.VIEW, object_type="check_in"
    )
    check_in = (
        CheckIn.objects.visible_to(request.user).filter(client=client, pk=check_in_id).first()
    )
    if check_in is None:
        raise Http404
    allow_methods(request, "GET", "POST")
    if not check_in.is_open:
        messages.info(request, answering.closed_message(check_in))
        return redirect("measures:mine")
    flow = answering.Flow(
        request,
        check_in,
        base_url=reverse("measures:answer", args=[check_in.pk]),
        actor=request.user,
        via=Via.PORTAL,
        base_template="base.html",
        exit_url=reverse("measures:mine"),
    )
    return flow.post() if writing else flow.get()


@role_required(Role.CLIENT)
def my_response(request, response_id):
    client = _my_client(request.user, object_type="measure_response")
    response = (
        Response.objects.visible_to(request.user)
        .completed()
        .filter(client=client, pk=response_id)
        .first()
    )
    if response is None:
        raise Http404
    allow_methods(request, "GET")
    return render(request, "measures/response.html", _response_context(client, response, mine=True))


@role_required(Role.CLIENT)
def my_export_fhir(request):
    client = _my_client(request.user, Action.EXPORT)
    allow_methods(request, "GET")
    # Clients confirm who they are before a download too: see context.views.pdf.my_take_home.
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _export(request.user, client, "json")


@role_required(Role.CLIENT)
def my_export_csv(request):
    client = _my_client(request.user, Action.EXPORT)
    allow_methods(request, "GET")
    # Clients confirm who they are before a download too: see context.views.pdf.my_take_home.
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _export(request.user, client, "csv")


@public
def link(request, token):
    """A check-in opened from a link: only that questionnaire, nothing else of the record."""
    allow_methods(request, "GET", "POST")
    state, check_in = links.open_link(token)
    if check_in is not None and not links.may_answer_by_link(request.user, check_in):
        # A link is a bearer token, but a signed-in person is known: answering someone
        # else's check-in would store it as the client's. Refused as if the link were
        # unknown, so it says nothing about whose it is; the refusal is audited.
        record(
            actor=request.user,
            action=Action.VIEW,
            object_type="check_in",
            object_id=check_in.pk,
            client_id=check_in.client_id,
            outcome=Outcome.DENIED,
        )
        state = links.LinkState.UNKNOWN
    if state != links.LinkState.OK:
        status = 404 if state == links.LinkState.UNKNOWN else 410
        return render(request, "measures/link_closed.html", {"state": state}, status=status)
    languages.activate_for(request, check_in.client)
    actor = check_in.client.user
    record(
        actor=actor,
        action=Action.UPDATE if request.method == "POST" else Action.VIEW,
        object_type="check_in",
        object_id=check_in.pk,
        client_id=check_in.client_id,
    )
    flow = answering.Flow(
        request,
        check_in,
        base_url=links.link_path(token),
        actor=actor,
        via=Via.LINK,
        base_template="measures/link_base.html",
        exit_url="",
    )
    return flow.post() if request.method == "POST" else flow.get()
