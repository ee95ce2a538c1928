"""Setting up and using a second factor, and confirming identity before sensitive actions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import addresses, mfa
from alongside.accounts.mfa_forms import CodeForm, ConfirmIdentityForm, PasskeyForm
from alongside.accounts.middleware import mark_reauthenticated, recently_authenticated
from alongside.accounts.models import SecondFactor
from alongside.accounts.stepup import step_up_required
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import signed_in


def mfa_exempt(view):
    view.mfa_exempt = True
    return view


def _next(request, default="accounts:home"):
    target = request.POST.get("next") or request.GET.get("next")
    # require_https: over HTTPS, never back to this host over plain http:// (as Django's
    # LoginView does).
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def confirm_identity_first(request, then):
    """Send the person to confirm who they are, and back to `then` (a page that takes GET)."""
    return redirect(f"{reverse('accounts:confirm_identity')}?{urlencode({'next': then})}")


def _verified(request):
    request.session.cycle_key()  # a new session id once fully signed in
    request.session[mfa.SESSION_KEY] = True
    mark_reauthenticated(request)


@mfa_exempt
@signed_in
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if mfa.has_second_factor(user):
        # Replacing or adding to a second step is a change to sign-in security.
        if not request.session.get(mfa.SESSION_KEY):
            return redirect("accounts:mfa_verify")
        if not recently_authenticated(request):
            return confirm_identity_first(request, request.get_full_path())
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).first()
    if request.method == "GET" or factor is None:
        factor = mfa.start_setup(user)
    form = CodeForm(request.POST or None, user=user, factor=factor, allow_recovery=False)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm(factor)
        user.renew_security_stamp()
        update_session_auth_hash(request, user)
        _verified(request)
        record(actor=user, action=Action.UPDATE, object_type="second_factor", object_id=user.pk)
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
        )
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "secret": factor.secret,
            "qr": mfa.qr_data_uri(user, factor),
            "next": _next(request, ""),
            "offer_passkey": not mfa.has_second_factor(user),
            "passkey_form": PasskeyForm(request=request),
        },
    )


@mfa_exempt
@signed_in
@require_http_methods(["GET", "POST"])
def verify(request):
    if not mfa.has_second_factor(request.user):
        return redirect("accounts:mfa_setup")
    factor = mfa.confirmed_factor(request.user)
    form = CodeForm(request.POST or None, user=request.user, factor=factor, request=request)
    if request.method == "POST" and form.is_valid():
        _verified(request)
        return redirect(_next(request))
    return render(
        request,
        "accounts/mfa_verify.html",
        {
            "form": form,
            "factor": factor,
            "has_passkeys": "credential" in form.fields,
            "next": _next(request, ""),
            "demo_code": _demo_code(factor),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def confirm_identity(request):
    factor = mfa.confirmed_factor(request.user)
    form = ConfirmIdentityForm(
        request.POST or None, user=request.user, factor=factor, request=request
    )
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()  # ASVS 7.2.4: a new session id at re-authentication too
        mark_reauthenticated(request)
        return redirect(_next(request))
    return render(
        request,
        "accounts/confirm_identity.html",
        {
            "form": form,
            "has_passkeys": "credential" in form.fields,
            "next": _next(request, ""),
            "demo_code": _demo_code(factor),
        },
    )


def _demo_code(factor):
    """The current code, shown on every code page of the demo (never in production)."""
    return mfa.current_code(factor) if settings.DEMO_MODE and factor else None


@signed_in
def security(request):
    user = request.user
    factor = mfa.confirmed_factor(user)
    unused = user.recovery_codes.filter(used_at__isnull=True).count()
    keys = list(user.passkeys.all())
    return render(
        request,
        "accounts/security.html",
        {
            "factor": factor,
            "unused_codes": unused,
            "passkeys": keys,
            "any_factor": factor is not None or bool(keys),
            "can_make_api_tokens": not user.is_client,  # staff only (api.views.tokens)
            "is_client": user.is_client,
            "address_status": addresses.status_for(user),
            "last_passkey_stays": (
                factor is None and len(keys) == 1 and mfa.staff_must_have_one(user)
            ),
        },
    )


@signed_in
@step_up_required
@require_http_methods(["POST"])
def new_recovery_codes(request):
    codes = mfa.new_recovery_codes(request.user)  # audited there
    request.user.renew_security_stamp()
    update_session_auth_hash(request, request.user)
    messages.success(request, _("New recovery codes made. The old ones no longer work."))
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": "accounts:security"}
    )
