"""Adding, using and removing passkeys. passkey.js asks for the options as JSON, lets the
browser make or use the passkey, and posts its answer in the form's hidden `credential` field,
so results and refusals are ordinary pages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import mfa, passkeys
from alongside.accounts.mfa_forms import PasskeyForm
from alongside.accounts.mfa_views import _next, _verified, confirm_identity_first, mfa_exempt
from alongside.accounts.middleware import recently_authenticated
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, signed_in


def _json(options: str) -> HttpResponse:
    return HttpResponse(options, content_type="application/json")


def _refuse(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


def _may_add(request) -> bool:
    """Anyone may add their first second step; after that, only from a fully signed-in
    session whose person has just proved who they are."""
    if not mfa.has_second_factor(request.user):
        return True
    return bool(request.session.get(mfa.SESSION_KEY)) and recently_authenticated(request)


@mfa_exempt
@signed_in
@require_http_methods(["POST"])
def registration_options(request):
    if not _may_add(request):
        return _refuse(_("Please confirm it is you again, then add the passkey."), 403)
    return _json(passkeys.registration_options(request))


@mfa_exempt
@signed_in
@require_http_methods(["POST"])
def authentication_options(request):
    if not passkeys.has_passkeys(request.user):
        return _refuse(_("You have no passkey here yet. Please use a code."), 400)
    return _json(passkeys.authentication_options(request))


@mfa_exempt
@signed_in
@require_http_methods(["GET", "POST"])
def add(request):
    user = request.user
    first = not mfa.has_second_factor(user)
    if not first:
        if not request.session.get(mfa.SESSION_KEY):
            return redirect("accounts:mfa_verify")
        if not recently_authenticated(request):
            return confirm_identity_first(request, reverse("accounts:passkey_add"))
    form = PasskeyForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            passkey = form.save()
            user.renew_security_stamp()
            record(actor=user, action=Action.CREATE, object_type="passkey", object_id=passkey.pk)
            codes = mfa.new_recovery_codes(user) if first else None
        update_session_auth_hash(request, user)
        if first:
            _verified(request)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        messages.success(request, _("Passkey added. Other sessions were signed out."))
        return redirect("accounts:security")
    return render(
        request,
        "accounts/passkey_add.html",
        {"form": form, "first": first, "next": _next(request, "")},
    )


@signed_in
def remove(request, passkey_id):
    passkey = request.user.passkeys.filter(pk=passkey_id).first()
    if passkey is None:
        raise Http404
    allow_methods(request, "POST")
    if not recently_authenticated(request):
        return confirm_identity_first(request, reverse("accounts:security"))
    user = request.user
    others = user.passkeys.exclude(pk=passkey.pk).exists() or mfa.confirmed_factor(user)
    if not others and mfa.staff_must_have_one(user):
        messages.error(
            request,
            _(
                "This passkey is your only second step, so it stays. Add another passkey or "
                "an authenticator app first, then remove this one."
            ),
        )
        return redirect("accounts:security")
    with transaction.atomic():
        record(actor=user, action=Action.DELETE, object_type="passkey", object_id=passkey.pk)
        passkey.delete()
        user.renew_security_stamp()
    update_session_auth_hash(request, user)
    messages.success(request, _("Passkey removed. Other sessions were signed out."))
    return redirect("accounts:security")
