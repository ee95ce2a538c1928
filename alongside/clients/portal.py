"""The client's own view of their record (the portal)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import addresses
from alongside.accounts.http import SignedInRequest
from alongside.accounts.models import Role, User
from alongside.audit.models import Action
from alongside.clients import seen
from alongside.clients.access import open_own_record
from alongside.clients.forms import MyProfileForm
from alongside.clients.home import what_needs
from alongside.clients.models import Client
from alongside.clients.records import StaleEdit, save_profile
from alongside.core.access import role_required
from alongside.core.versioning import keep_what_they_typed
from alongside.notes.models import Session


def _my_record(user: User, action: str = Action.VIEW) -> Client:
    return open_own_record(user, action=action)


@role_required(Role.CLIENT)
def home(request: SignedInRequest) -> HttpResponse:
    client = _my_record(request.user)
    sessions = Session.objects.visible_to(request.user).filter(client=client)[:10]
    return render(
        request,
        "clients/portal_home.html",
        # What waits for them comes first on the page; their profile after.
        {
            "client": client,
            "sessions": sessions,
            "needs": what_needs(request.user, client),
            # Told here, at their next sign-in, when someone else changed their address.
            "address_status": addresses.status_for(request.user),
        },
    )


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def edit(request: SignedInRequest) -> HttpResponse:
    writing = request.method == "POST"
    client = _my_record(request.user, Action.UPDATE if writing else Action.VIEW)
    form = MyProfileForm(
        request.POST if writing else None, instance=client, initial={"version": client.version}
    )
    if writing and form.is_valid():
        try:
            save_profile(request.user, form)
        except StaleEdit:
            keep_what_they_typed(
                form,
                _(
                    "Your therapist saved a change while you were editing. "
                    "What you typed is kept below; please check and save again."
                ),
            )
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("portal:home")
    return render(request, "clients/portal_edit.html", {"form": form})


@role_required(Role.CLIENT)
def who_has_seen(request: SignedInRequest) -> HttpResponse:
    """Who opened or changed the client's record, by person and day (seen.py)."""
    client = _my_record(request.user)
    page = seen.visits_page(client, request.GET.get("page"), leave_out=request.user.pk)
    context = {
        "client": client,
        "page_obj": page,
        "visits": page.object_list,
        "emergencies": seen.emergency_openings(client),
        "now": timezone.now(),
    }
    return render(request, "clients/who_has_seen.html", context)
