"""The attempt limit for second steps (code, recovery code, passkey), at sign-in and when
confirming identity: like sign-in (django-axes), counted per person and address, so a
guesser is stopped without someone elsewhere being able to lock the person out.

A second, higher limit per person across all addresses stops a guesser who rotates
addresses; reaching it needs the person's password, so it can't be used to lock anyone out
who has not already lost their password.

Every failure is audited (ids only: never the code typed).
"""

import ipaddress
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from alongside.accounts.models import SecondStepFailure
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome


def client_address(request) -> str | None:
    """The address of the person asking (django-axes calls this: AXES_CLIENT_IP_CALLABLE).

    Behind ALONGSIDE_PROXY_COUNT reverse proxies, every request comes from the nearest
    proxy; the person's address is the one the outermost proxy put in X-Forwarded-For, the
    PROXY_COUNT-th entry from the right. Entries further left came from the browser and
    are whatever it likes. Without proxies the header is ignored for the same reason.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.ALONGSIDE_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count <= 0 or len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


# Wrong passwords from one address, across every name, before that address is paused for
# the cool-off (django-axes counts per name and address, so a sprayer trying a password or
# two on many names would never be stopped). High enough for a shared office or a clinic's
# network, where several people mistype now and then.
SIGN_IN_FAILURES_PER_ADDRESS = 50


def address_paused(request) -> bool:
    """Whether this address made too many wrong sign-in tries, over all names, lately.

    Only a public address is paused as a whole. A private or loopback one is most likely a
    reverse proxy that ALONGSIDE_PROXY_COUNT does not name, every person arriving from it,
    or the practice's own network: pausing it would let a guesser pause everyone.
    """
    ip = address(request)
    try:
        if not ipaddress.ip_address(ip or "").is_global:
            return False
    except ValueError:
        return False
    tries = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=_window())
    total = tries.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return total >= SIGN_IN_FAILURES_PER_ADDRESS


def _window():
    return timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)


def address(request) -> str | None:
    return get_client_ip_address(request) if request is not None else None


def locked(user, request) -> bool:
    recent = SecondStepFailure.objects.filter(user=user, at__gte=_window())
    if recent.filter(ip_address=address(request)).count() >= settings.SECOND_STEP_FAILURE_LIMIT:
        return True
    return recent.count() >= settings.SECOND_STEP_FAILURE_LIMIT_PER_PERSON


def failed(user, request, *, where: str) -> None:
    SecondStepFailure.objects.filter(user=user, at__lt=_window()).delete()  # no longer counted
    SecondStepFailure.objects.create(user=user, ip_address=address(request), at=timezone.now())
    record(
        actor=user,
        action=Action.VIEW,
        object_type=f"second_step_{where}",
        object_id=user.pk,
        outcome=Outcome.DENIED,
    )


def succeeded(user, request) -> None:
    """Like AXES_RESET_ON_SUCCESS: a right answer clears this address's count."""
    SecondStepFailure.objects.filter(user=user, ip_address=address(request)).delete()
