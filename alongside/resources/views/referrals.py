"""Resources shared with a client, and the referrals they agreed to track: the therapist's
side on the client's record, the client's side in the portal."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import may_write, open_client
from alongside.core.access import allow_methods, role_required
from alongside.resources import records
from alongside.resources.access import my_client, my_referral, open_referral, open_service
from alongside.resources.forms import MyStatusForm, ShareForm, StatusForm
from alongside.resources.models import Referral, ReferralUpdate, Service


def _referrals_of(user, client):
    return (
        Referral.objects.visible_to(user)
        .filter(client=client)
        .select_related("service__organization")
    )


def _service_details(service):
    """The service with how to reach it, for a referral's page."""
    return (
        Service.objects.filter(pk=service.pk)
        .select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "documents",
            "labels",
            "at_locations__location",
        )
    )[0]


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def client_resources(request, client_id):
    client = open_client(request.user, client_id, object_type="referral")
    allow_methods(request, "GET")
    return render(
        request,
        "resources/client_resources.html",
        {
            "client": client,
            "referrals": _referrals_of(request.user, client),
            "can_write": may_write(request.user, client),
        },
    )


@role_required(Role.THERAPIST)
def share(request, client_id, service_id):
    client = open_client(request.user, client_id, write=True, object_type="referral")
    service = open_service(request.user, service_id)
    allow_methods(request, "GET", "POST")
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records.share(request.user, client, service, form.cleaned_data["message"])
        messages.success(
            request,
            _("Shared with %(name)s. They will see it in their portal.") % {"name": client},
        )
        return redirect("resources:client", client.pk)
    return render(
        request, "resources/share.html", {"client": client, "service": service, "form": form}
    )


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def referral(request, client_id, referral_id):
    writing = request.method == "POST"
    client, item = open_referral(request.user, client_id, referral_id, write=writing)
    allow_methods(request, "GET", "POST")
    form = StatusForm(request.POST or None, initial=_status_initial(item))
    if writing and item.tracked and form.is_valid():
        records.update_status(request.user, item, form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("resources:referral", client.pk, item.pk)
    return render(
        request,
        "resources/referral.html",
        {
            "client": client,
            "referral": item,
            "service": _service_details(item.service),
            "updates": ReferralUpdate.objects.filter(referral=item).select_related("by"),
            "form": form,
            "can_write": may_write(request.user, client),
        },
    )


def _status_initial(item):
    return {"status": item.status, "barrier": item.barrier, "barrier_words": item.barrier_words}


# The client's side -------------------------------------------------------------------------


@role_required(Role.CLIENT)
def my_resources(request):
    client = my_client(request.user, object_type="referral")
    allow_methods(request, "GET")
    return render(
        request,
        "resources/my_resources.html",
        {"client": client, "referrals": _referrals_of(request.user, client)},
    )


@role_required(Role.CLIENT)
def my_referral_page(request, referral_id):
    writing = request.method == "POST"
    client, item = my_referral(request.user, referral_id, write=writing)
    allow_methods(request, "GET", "POST")
    form = MyStatusForm(request.POST or None, initial=_status_initial(item))
    if writing and item.tracked and form.is_valid():
        records.update_status(request.user, item, form.cleaned_data)
        messages.success(request, _("Thank you. Your therapist can see how it is going."))
        return redirect("resources:my_referral", item.pk)
    return render(
        request,
        "resources/my_referral.html",
        {
            "client": client,
            "referral": item,
            "service": _service_details(item.service),
            "form": form,
        },
    )


@role_required(Role.CLIENT)
def my_track(request, referral_id):
    """Yes or no to the therapist following how the resource goes."""
    _client, item = my_referral(request.user, referral_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    if request.POST.get("track") == "yes" and not item.tracked:
        records.track(request.user, item)
        messages.success(request, _("Your therapist will follow this with you."))
    elif request.POST.get("track") == "no" and item.tracked:
        records.stop_tracking(request.user, item)
        messages.success(request, _("Your therapist won't follow this any more."))
    return redirect("resources:my_referral", item.pk)
