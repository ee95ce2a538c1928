"""A signed-in client confirms the address on their record is theirs (accounts/addresses.py).

The link's token leaves the address bar at once, as Django's reset view does it: the link
puts it in the session and sends the browser to a page without it, so it is in no history,
log or Referer. Opening the link needs the client's own session too: whoever else reads
that inbox (someone who changed the address on the record, say) proves nothing with it.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import addresses
from alongside.accounts.models import Role
from alongside.core.access import public, role_required

SESSION_KEY = "_address_confirmation_token"


@role_required(Role.CLIENT)
@require_http_methods(["POST"])
def send_confirmation(request):
    status = addresses.status_for(request.user)
    if status is None or status.proved:
        return redirect("accounts:security")
    if addresses.send_confirmation(request, request.user):
        messages.success(
            request,
            _(
                "We sent a link to %(address)s. Open it within an hour, on a device where "
                "you are signed in."
            )
            % {"address": status.address},
        )
    else:
        messages.error(
            request,
            _(
                "We couldn’t send a link just now. You can ask three times an hour; "
                "please try again later."
            ),
        )
    return redirect("accounts:security")


@public
@require_http_methods(["GET"])
def confirm_link(request, token):
    request.session[SESSION_KEY] = token
    return redirect("accounts:confirm_address")


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def confirm(request):
    confirmation = addresses.find(request.user, request.session.get(SESSION_KEY, ""))
    if request.method == "POST" and confirmation is not None:
        if addresses.confirm(request.user, confirmation):
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _("Thank you. If you forget your password, we can send a link to %(address)s.")
                % {"address": confirmation.sent_to},
            )
            return redirect("portal:home")
        confirmation = None
    return render(request, "accounts/confirm_address.html", {"confirmation": confirmation})
