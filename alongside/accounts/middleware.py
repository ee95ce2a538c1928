"""Session lifecycle and the second-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from alongside.accounts import mfa
from alongside.core import languages

STARTED, LAST_SEEN, REAUTH_AT = "alongside_auth_started", "alongside_last_seen", "alongside_reauth"


@receiver(user_logged_in)
def _start_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = request.session[LAST_SEEN] = request.session[REAUTH_AT] = now


class SessionLifecycleMiddleware:
    """End a session after idle time (15 min staff, 30 min clients) or 12 hours in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            idle = settings.SESSION_IDLE_MINUTES["client" if user.is_client else "staff"] * 60
            started = request.session.get(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > idle or now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out to keep the records safe. Please sign in again."),
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            request.session.setdefault(STARTED, now)
            # Write at most once a minute: every request need not rewrite the session.
            if now - last_seen > 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Send a signed-in person who needs a second factor to set one up or enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(mfa.SESSION_KEY):
            return None
        if getattr(view_func, "access_rule", None) == "public":
            return None
        if getattr(view_func, "mfa_exempt", False):
            return None
        if not mfa.staff_must_have_one(user):
            # Whether they have one is asked once per session, not on every page: adding a
            # second factor renews the person's security stamp, which ends every session
            # but the one it was added in, and that one is then verified (mfa_views).
            if request.session.get(mfa.NONE_SET_UP):
                return None
            if not mfa.has_second_factor(user):
                request.session[mfa.NONE_SET_UP] = True
                return None
        target = "accounts:mfa_verify" if mfa.has_second_factor(user) else "accounts:mfa_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def recently_authenticated(request) -> bool:
    then = request.session.get(REAUTH_AT, 0)
    return time.time() - then <= settings.STEP_UP_MINUTES * 60


def mark_reauthenticated(request) -> None:
    request.session[REAUTH_AT] = time.time()


class PersonLanguageMiddleware:
    """A signed-in person's saved language wins over the cookie and the browser's header, so
    it follows them from device to device. Runs after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.language in languages.shipped():
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


@receiver(user_logged_in)
def _keep_the_language_chosen_before_sign_in(sender, request, user, **kwargs):
    """Someone who picked a language on the sign-in page, and never chose one before, keeps
    it: it is saved on them, so emails and PDFs made for them follow it too."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request is not None else None
    if not user.language and chosen in languages.shipped():
        user.language = chosen
        user.save(update_fields=["language"])
