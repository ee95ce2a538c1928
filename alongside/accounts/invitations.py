"""Invitation links: the one way to set a password here, for clients and staff alike.

Each link is single-use and works only while all of these hold:
- it is the person's newest invitation (sending another supersedes it),
- it was not withdrawn (the therapist, or the admin for staff, can withdraw it),
- it has not expired (PASSWORD_RESET_TIMEOUT),
- the account is not turned off (a link never turns an account back on),
- the account's address is still the one it was sent to (correcting a mistyped address
  kills the link that went to the wrong person, even before a new one is sent).

Only a hash of the token is stored. The URL keeps Django's password-reset shape
(/welcome/<uid>/<token>/), whose view moves the token into the session and out of the
address bar before the page is shown.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from alongside.accounts.emailed_links import same_address
from alongside.accounts.models import Invitation, Role
from alongside.accounts.validators import validate_one_address
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages
from alongside.core.site import absolute_url
from alongside.core.tokens import new_token, token_hash


class InvalidAddress(Exception):
    """The address on the account can't take an email (say so; never a 500)."""


def current_address(user) -> str:
    """Where this account's invitations must go: a client's profile address (the portal
    account itself keeps none), or the staff member's own."""
    if user.role == Role.CLIENT:
        record_ = getattr(user, "client_record", None)
        return (record_.email if record_ else "") or ""
    return user.email or ""


def outstanding(user) -> Invitation | None:
    """The invitation that would still work, if any (the newest one, if it is usable)."""
    newest = Invitation.objects.filter(user=user).order_by("-created_at", "-pk").first()
    if newest is None or not _usable(newest, user):
        return None
    return newest


def _usable(invitation: Invitation, user) -> bool:
    return (
        invitation.used_at is None
        and invitation.withdrawn_at is None
        and invitation.expires_at > timezone.now()
        and user.is_active
        and not user.has_usable_password()
        and same_address(invitation.sent_to, current_address(user))
    )


def make_invitation(user, *, sent_by) -> tuple[Invitation, str]:
    """A new link for `user`, superseding every earlier one. Returns it and its path."""
    address = current_address(user)
    try:
        validate_one_address(address)
    except ValidationError as error:
        raise InvalidAddress(str(error.messages[0])) from error
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            user=user, used_at__isnull=True, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        invitation = Invitation.objects.create(
            user=user,
            token_hash=token_hash(token),
            sent_to=address,
            sent_by=sent_by,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return invitation, reverse("accounts:accept_invitation", args=[uid, token])


def send_invitation(request, user, *, greeting_name: str, sent_by=None) -> Invitation:
    """Make a new link and email it to the account's current address. Raises InvalidAddress
    (before anything is sent or stored) when that address can't take an email."""
    invitation, path = make_invitation(user, sent_by=sent_by or request.user)
    with languages.for_person(user):  # the invited person's language, not the sender's
        body = render_to_string(
            "accounts/invitation_email.txt",
            {"link": absolute_url(request, path), "name": greeting_name},
            request=request,
        )
        send_mail(_("Your invitation to Alongside"), body, None, [invitation.sent_to])
    return invitation


def withdraw(user, *, by) -> bool:
    """Withdraw every link still open for `user`; audited. False if there was none."""
    now = timezone.now()
    withdrawn = Invitation.objects.filter(
        user=user, used_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    if withdrawn:
        record(
            actor=by,
            action=Action.DELETE,
            object_type="invitation",
            object_id=user.pk,
            client_id=getattr(getattr(user, "client_record", None), "pk", None),
        )
    return bool(withdrawn)


def find(user, token: str) -> Invitation | None:
    """The invitation this token belongs to, if it still works."""
    if not token or user is None:
        return None
    invitation = Invitation.objects.filter(user=user, token_hash=token_hash(token)).first()
    if invitation is None or outstanding(user) != invitation:
        return None
    return invitation


def spend(invitation: Invitation) -> bool:
    """Mark the link used; of two requests racing with one link, only one wins."""
    return bool(
        Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, withdrawn_at__isnull=True
        ).update(used_at=timezone.now())
    )


class InvitationTokens:
    """What Django's PasswordResetConfirmView asks of a token generator, answered from the
    Invitation table instead of from the password hash."""

    def make_token(self, user):  # pragma: no cover - links are made by make_invitation
        raise NotImplementedError("Use make_invitation().")

    def check_token(self, user, token) -> bool:
        return find(user, token) is not None


tokens = InvitationTokens()
