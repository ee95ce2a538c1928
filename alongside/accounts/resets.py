""" "Forgot my password": a link by email to choose a new one.

Nothing tells whether a sign-in name exists: every request gets the same answer, and a link
goes out only for an active account with a password and an address that can take mail.
Links are single-use, last an hour, and only the newest works; asking again supersedes the
last one, and changing the account's address kills it. A client's link goes only to an
address they proved is theirs (addresses.py), since their therapist can change the one on
their record. A person may ask three times an hour and one address ten times an hour. A new
password signs out every other session and revokes the person's API tokens (a new security
stamp), and staff still need their second step to sign in afterwards.
"""

import time
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from alongside.accounts import addresses
from alongside.accounts.emailed_links import newest_works
from alongside.accounts.invitations import current_address
from alongside.accounts.models import PasswordReset, ResetAsk, User
from alongside.accounts.validators import validate_one_address
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.core import languages
from alongside.core.site import absolute_url
from alongside.core.tokens import new_token, token_hash

LIFETIME = timedelta(hours=1)
PER_PERSON_PER_HOUR = 3
PER_ADDRESS_PER_HOUR = 10
# Every answer takes at least this long: sending a link (a row, an audit event, a queued
# email) took twice as long as answering for a name with no account, which told an attacker
# with one request a name which names exist (ASVS 6.3.8).
ANSWER_SECONDS = 0.4


def _address_allows(ip: str) -> bool:
    now = timezone.now()
    since = now - timedelta(hours=1)
    key = salted_hmac("alongside.accounts.resets.address", ip).hexdigest()
    with transaction.atomic():
        ResetAsk.objects.filter(at__lt=since).delete()
        if ResetAsk.objects.filter(address_key=key).count() >= PER_ADDRESS_PER_HOUR:
            return False
        ResetAsk.objects.create(address_key=key, at=now)
    return True


def _person_allows(user) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return user.password_resets.filter(created_at__gte=since).count() < PER_PERSON_PER_HOUR


def request_reset(request, username: str) -> None:
    """Send a link if this name has an account that can have one; say nothing either way."""
    # The asker's address as sign-in counts it (django-axes): behind a reverse proxy
    # REMOTE_ADDR is the proxy's, the same for everyone.
    if not _address_allows(get_client_ip_address(request) or ""):
        return
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None or not user.has_usable_password() or not _person_allows(user):
        return
    address = current_address(user)
    try:
        validate_one_address(address)
    except ValidationError:
        return
    if not addresses.may_receive_sign_in_links(user, address):
        # A client's record says where to write, and staff can change it: a link goes only
        # to an address the client proved (addresses.py). Same answer to the asker; the
        # audit trail says why nothing went (never the address).
        record(
            actor=None,
            action=Action.CREATE,
            object_type="password_reset_unproved_address",
            object_id=user.pk,
            outcome=Outcome.DENIED,
        )
        return
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        user.password_resets.filter(used_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        PasswordReset.objects.create(
            user=user,
            token_hash=token_hash(token),
            sent_to=address,
            created_at=now,
            expires_at=now + LIFETIME,
        )
        record(actor=None, action=Action.CREATE, object_type="password_reset", object_id=user.pk)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = absolute_url(request, reverse("accounts:reset_password", args=[uid, token]))
    with languages.for_person(user):  # whoever asked, the account holder reads it
        body = render_to_string("accounts/reset_email.txt", {"link": link}, request=request)
        send_mail(_("Choose a new Alongside password"), body, None, [address])


def answer_no_sooner_than(started: float) -> None:
    """Wait until ANSWER_SECONDS after `started` (time.monotonic()), whatever happened."""
    time.sleep(max(0.0, started + ANSWER_SECONDS - time.monotonic()))


def find(user, token: str) -> PasswordReset | None:
    if not token or user is None or not user.is_active:
        return None
    newest = user.password_resets.order_by("-created_at", "-pk").first()
    return newest if newest_works(newest, token, current_address(user)) else None


def spend(reset: PasswordReset) -> bool:
    """Of two requests racing with one link, only one wins."""
    spent = PasswordReset.objects.filter(
        pk=reset.pk, used_at__isnull=True, superseded_at__isnull=True
    ).update(used_at=timezone.now())
    record(
        actor=reset.user,
        action=Action.UPDATE,
        object_type="password_reset_used",
        object_id=reset.user_id,
        outcome=Outcome.ALLOWED if spent else Outcome.DENIED,
    )
    return bool(spent)


class ResetTokens:
    """The token generator Django's PasswordResetConfirmView asks for, from our table."""

    def make_token(self, user):  # pragma: no cover - links are made by request_reset
        raise NotImplementedError("Use request_reset().")

    def check_token(self, user, token) -> bool:
        return find(user, token) is not None


tokens = ResetTokens()
