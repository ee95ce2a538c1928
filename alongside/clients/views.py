"""Therapist and supervisor views of client records."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.http import SignedInRequest
from alongside.accounts.invitations import outstanding, send_invitation, withdraw
from alongside.accounts.models import STAFF_ROLES, Role
from alongside.accounts.stepup import step_up_required
from alongside.accounts.validators import validate_one_address
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.access import in_care_team, may_write, open_client
from alongside.clients.activity import in_runs, mark_seen
from alongside.clients.caseload import ORDERS, caseload_page, search, supervision_page
from alongside.clients.emergency import active_grant, grant, mark_reviewed
from alongside.clients.forms import (
    ClientProfileForm,
    ClientSearchForm,
    EmergencyAccessForm,
    EmergencyReviewForm,
)
from alongside.clients.models import Client, EmergencyAccess
from alongside.clients.records import StaleEdit, create_client, portal_account_for, save_profile
from alongside.clients.seen import emergency_openings, visits_page
from alongside.clients.supervision import waiting_for_review
from alongside.core import languages
from alongside.core.access import allow_methods, role_required
from alongside.core.site import absolute_url
from alongside.core.versioning import keep_what_they_typed


@role_required(Role.THERAPIST)
def caseload(request: SignedInRequest) -> HttpResponse:
    """The therapist's clients, 50 a page, anyone with something new or waiting first."""
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "name"
    ended = request.GET.get("show") == "ended"
    shown = caseload_page(request.user, request.GET.get("page"), order=order, ended=ended)
    record(actor=request.user, action=Action.VIEW, object_type="caseload")
    show_query = "show=ended&" if ended else ""
    return render(
        request,
        "clients/caseload.html",
        {
            "clients": shown.clients,
            "page_obj": shown.page,
            "waiting": shown.waiting,
            "current_count": shown.current,
            "ended_count": shown.ended,
            "showing_ended": ended,
            "show_query": show_query,
            "order": order,
            "page_query": show_query + ("order=recent&" if order == "recent" else ""),
            "search_form": ClientSearchForm(),
        },
    )


@role_required(Role.THERAPIST, Role.SUPERVISOR)
@require_POST
def search_clients(request: SignedInRequest) -> HttpResponse:
    """Find a client by name. A POST, so what was typed stays out of URLs and logs."""
    form = ClientSearchForm(request.POST)
    if form.is_valid() and not form.cleaned_data["q"]:
        return redirect("accounts:home")  # nothing typed: the caseload or supervision list
    found: list = []
    more = False
    if form.is_valid():
        found, more = search(request.user, form.cleaned_data["q"])
    record(actor=request.user, action=Action.VIEW, object_type="client_search")
    return render(
        request,
        "clients/search.html",
        {"search_form": form, "found": found, "more": more, "searched": form.is_valid()},
        status=200 if form.is_valid() else 400,
    )


@role_required(Role.SUPERVISOR)
def supervision(request: SignedInRequest) -> HttpResponse:
    """The supervisor's home: what waits for review from each supervisee, the comments
    they left lately, then the supervisees' caseloads a page at a time."""
    page = supervision_page(request.user, request.GET.get("page"))
    record(actor=request.user, action=Action.VIEW, object_type="caseload")
    first_page = page.number == 1  # what waits is shown once, above the first page
    return render(
        request,
        "clients/supervision.html",
        {
            "groups": page.object_list,
            "page_obj": page,
            "search_form": ClientSearchForm(),
            "supervisees": waiting_for_review(request.user) if first_page else [],
            "first_page": first_page,
        },
    )


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def create(request: SignedInRequest) -> HttpResponse:
    form = ClientProfileForm(request.POST or None, initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        client = create_client(request.user, form)
        messages.success(request, _("Client added."))
        return redirect(client)
    return render(request, "clients/client_form.html", {"form": form})


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def detail(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = open_client(request.user, client_id, write=request.method != "GET")
    allow_methods(request, "GET")
    new_from_client = client.activity.unseen()[:20]
    mine = may_write(request.user, client)
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "can_write": mine,
            "supervising": in_care_team(request.user, client) and not mine,
            "new_from_client": in_runs(new_from_client) if mine else [],
            "emergency": active_grant(request.user, client) if not mine else None,
            "emergency_history": _emergency_history(client) if mine else [],
            # Only shown to invite someone not on the portal yet.
            "invitation": (
                outstanding(client.user)
                if mine and client.user_id and not client.has_portal_account
                else None
            ),
        },
    )


def _emergency_history(client: Client) -> QuerySet[EmergencyAccess]:
    """The latest openings of the record by emergency access, as the record shows them: who,
    when and why, newest first. Only those columns: what a privacy officer wrote in review
    stays encrypted in the database."""
    return (
        client.emergency_grants.select_related("user")
        .only("granted_at", "reason", "user__first_name", "user__last_name", "user__username")
        .order_by("-granted_at", "-pk")[:5]
    )


@role_required(Role.THERAPIST, Role.SUPERVISOR)
@step_up_required
@require_http_methods(["GET", "POST"])
def emergency(request: SignedInRequest) -> HttpResponse:
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access = grant(
            request.user,
            form.cleaned_data["record_number"],
            form.cleaned_data["reason"],
            review_url=absolute_url(request, reverse("clients:emergency_review")),
        )
        if access:
            messages.warning(
                request,
                _("Emergency access is open for 60 minutes. It has been logged and reported."),
            )
            return redirect(access.client)
        form.add_error(
            "record_number",
            _("There is no record with that number in this practice that you can't already open."),
        )
    return render(request, "clients/emergency.html", {"form": form})


REVIEW_ROWS = 200


@role_required(*STAFF_ROLES)
def emergency_review(request: SignedInRequest) -> HttpResponse:
    """The practice's emergency openings, for its privacy officers: who, which record
    number, when, until when, and the reason; those still to review apart from those
    reviewed (by whom, when, and what they found).

    The reason is shown although a clinician wrote it and it may be clinical: the officer
    has to judge whether each opening was justified, and cannot without it. Nothing else
    of the record is shown, and each row read is audited against its client, so the
    client sees it in "Who has seen my record". Anyone who is not a privacy officer gets
    the 404 of a page that does not exist.
    """
    if not request.user.is_privacy_officer:
        raise Http404
    allow_methods(request, "GET")
    return _review_page(request)


def _review_page(
    request: SignedInRequest,
    *,
    failed: int | None = None,
    form: EmergencyReviewForm | None = None,
) -> HttpResponse:
    accesses = list(
        EmergencyAccess.objects.reviewable_by(request.user)
        .select_related("user", "reviewed_by")
        .order_by("-granted_at")[:REVIEW_ROWS]
    )
    for access in accesses:
        record(
            actor=request.user,
            action=Action.VIEW,
            object_type="emergency_access",
            object_id=access.pk,
            client_id=access.client_id,
        )
        # Each row to review carries its own form; the one that failed keeps what was typed.
        access.form = (
            form
            if failed is not None and access.pk == failed
            else EmergencyReviewForm(auto_id=f"review-{access.pk}-%s")
        )
    return render(
        request,
        "clients/emergency_review.html",
        {
            "to_review": [a for a in accesses if a.reviewed_at is None],
            "reviewed": [a for a in accesses if a.reviewed_at is not None],
            "shown": len(accesses),
            "now": timezone.now(),
            "limit": REVIEW_ROWS,
        },
    )


@role_required(*STAFF_ROLES)
def emergency_mark_reviewed(request: SignedInRequest, access_id: int) -> HttpResponse:
    """A privacy officer marks one opening reviewed, with a note in their own words."""
    access = (
        EmergencyAccess.objects.reviewable_by(request.user).filter(pk=access_id).first()
        if request.user.is_privacy_officer
        else None
    )
    if access is None:
        raise Http404
    allow_methods(request, "POST")
    # One form per row: ids told apart by auto_id, the field keeps its plain name.
    form = EmergencyReviewForm(request.POST, auto_id=f"review-{access.pk}-%s")
    if not form.is_valid():
        return _review_page(request, failed=access.pk, form=form)
    if mark_reviewed(request.user, access, form.cleaned_data["note"]):
        messages.success(request, _("Marked as reviewed, with your note."))
    else:
        messages.info(request, _("Someone reviewed this one first. Their note is shown."))
    return redirect(reverse("clients:emergency_review") + f"#reviewed-{access.pk}")


@role_required(Role.THERAPIST)
def seen(request: SignedInRequest, client_id: int) -> HttpResponse:
    client = open_client(request.user, client_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    mark_seen(client)
    return redirect(client)


@role_required(Role.THERAPIST)
def who_has_seen(request: SignedInRequest, client_id: int) -> HttpResponse:
    """The client's "Who has seen my record" as they see it (their own visits left out),
    so the therapist can talk it through with them."""
    client = open_client(request.user, client_id, write=True, object_type="access_history")
    allow_methods(request, "GET")
    page = visits_page(client, request.GET.get("page"), leave_out=client.user_id)
    context = {
        "client": client,
        "page_obj": page,
        "visits": page.object_list,
        "emergencies": emergency_openings(client),
        "now": timezone.now(),
        "for_therapist": True,
    }
    return render(request, "clients/who_has_seen.html", context)


@role_required(Role.THERAPIST)
def edit(request: SignedInRequest, client_id: int) -> HttpResponse:
    writing = request.method != "GET"
    client = open_client(
        request.user, client_id, write=True, action=Action.UPDATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    form = ClientProfileForm(
        request.POST if writing else None, instance=client, initial={"version": client.version}
    )
    if writing and form.is_valid():
        try:
            save_profile(request.user, form)
        except StaleEdit as stale:
            keep_what_they_typed(
                form,
                _(
                    "%(stale)s Your text is kept below. Reload the record to see their "
                    "change, then add yours again."
                )
                % {"stale": stale},
            )
        else:
            messages.success(request, _("Profile saved."))
            if "email" in form.changed_data and client.has_portal_account:
                # Said openly: the client is told too (accounts/addresses.py).
                messages.info(
                    request,
                    _(
                        "%(name)s will be asked to confirm the new email address when they "
                        "next sign in. Until then, password reset emails won’t go to it."
                    )
                    % {"name": client},
                )
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@role_required(Role.THERAPIST)
def invite(request: SignedInRequest, client_id: int) -> HttpResponse:
    """Invite the client to the portal (a new link supersedes every earlier one), or, with
    `withdraw`, withdraw the open link."""
    client = open_client(request.user, client_id, write=True, action=Action.INVITE)
    allow_methods(request, "POST")
    if request.POST.get("withdraw"):
        if client.user_id and withdraw(client.user, by=request.user):
            messages.success(request, _("Invitation withdrawn. The link no longer works."))
        return redirect(client)
    if not client.email:
        messages.error(request, _("Add an email address to the profile first, then invite."))
        return redirect(client)
    if client.has_portal_account:
        messages.info(request, _("%(name)s already has portal access.") % {"name": client})
        return redirect(client)
    if client.user is not None and not client.user.is_active:
        messages.error(request, _("Their portal account is turned off, so no invitation was sent."))
        return redirect(client)
    try:
        validate_one_address(client.email)
    except ValidationError:
        messages.error(
            request, _("The email address on the profile is not valid. Correct it, then invite.")
        )
        return redirect(client)
    user = portal_account_for(client)
    if request.POST.get("language") in languages.shipped():
        # The invitation and the portal come in the language chosen with the client.
        user.language = request.POST["language"]
        user.save(update_fields=["language"])
    send_invitation(request, user, greeting_name=client.chosen_name)
    record(
        actor=request.user,
        action=Action.INVITE,
        object_type="client",
        object_id=client.pk,
        client_id=client.pk,
    )
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": client.email})
    return redirect(client)
