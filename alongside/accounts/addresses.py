"""Where a client's sign-in links may go: only to an address the client has proved is theirs.

A client's address lives on their record, which their therapist (and the API, acting as the
therapist) can change. If a "forgot my password" link simply went to whatever the record
says, whoever can edit the record could change the address, ask for a link in the client's
name and become the client in the portal, and nobody would be told. For some of the people
this app serves, that person may be someone they need to be safe from.

So a client's account keeps the address they proved (encrypted, like every address here):
an invitation or reset link reached it and they used it, or they opened a confirmation link
sent to it while signed in. Resets go out only while the record's address is that one. When
someone else changes the address, the client is told at their next sign-in (portal home and
sign-in security page) and can confirm the new one from there.

We never email the old address about the change: it may be an inbox an abusive partner
reads, and a warning there would tell them the client moved, and when.

Staff accounts are not held to this: only the practice admin can change a staff member's
address, privacy officers are told when a clinical account's changes
(privileges.address_changed), and staff still need their second step after a reset.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.emailed_links import newest_works, same_address
from alongside.accounts.invitations import current_address
from alongside.accounts.models import AddressConfirmation, AddressProof, Role
from alongside.accounts.validators import validate_one_address
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.core import languages
from alongside.core.site import absolute_url
from alongside.core.tokens import new_token, token_hash

LIFETIME = timedelta(hours=1)
PER_PERSON_PER_HOUR = 3


def _client_id(user) -> int | None:
    return getattr(getattr(user, "client_record", None), "pk", None)


def _proof(user) -> AddressProof | None:
    return AddressProof.objects.filter(user=user).first()


def may_receive_sign_in_links(user, address: str) -> bool:
    """May a link that sets this person's password go to `address`? For a client, only if
    they proved it; for staff, their own address (see the module's docstring)."""
    if user.role != Role.CLIENT:
        return True
    proof = _proof(user)
    return (
        proof is not None and proof.proved_at is not None and same_address(proof.address, address)
    )


def prove(user, address: str) -> None:
    """`user` showed `address` is theirs (a link sent there was used by them). Audited,
    without the address."""
    if not address:
        return
    with transaction.atomic():
        AddressProof.objects.update_or_create(
            user=user,
            defaults={
                "address": address.strip(),
                "proved_at": timezone.now(),
                "changed_at": None,
                "changed_by": None,
            },
        )
        record(
            actor=user,
            action=Action.UPDATE,
            object_type="address_proved",
            object_id=user.pk,
            client_id=_client_id(user),
        )


def address_changed(client, *, by) -> None:
    """The address on `client`'s record changed (call it in the saving transaction). Reset
    links stop until the client proves the new address; when someone else changed it, the
    client will be told. The old address is never emailed (see the module's docstring)."""
    user = client.user
    if user is None:
        return
    if by is not None and by.pk == user.pk:
        # Their own change: nothing to tell them, but no earlier notice stands for it.
        AddressProof.objects.filter(user=user).update(changed_at=None, changed_by=None)
    else:
        AddressProof.objects.update_or_create(
            user=user, defaults={"changed_at": timezone.now(), "changed_by": by}
        )
    record(
        actor=by,
        action=Action.UPDATE,
        object_type="client_address",
        object_id=user.pk,
        client_id=client.pk,
    )


@dataclass(frozen=True)
class AddressStatus:
    """What a client is shown about the address on their record."""

    address: str
    proved: bool
    changed_at: datetime | None  # when someone else last changed it (unproved only)
    changed_by_therapist: bool


def status_for(user) -> AddressStatus | None:
    """None for staff and for a client with no address on their record."""
    if user.role != Role.CLIENT:
        return None
    address = current_address(user)
    if not address:
        return None
    proof = _proof(user)
    proved = may_receive_sign_in_links(user, address)
    changed_at = None if proved or proof is None else proof.changed_at
    therapist_id = getattr(getattr(user, "client_record", None), "therapist_id", None)
    return AddressStatus(
        address=address,
        proved=proved,
        changed_at=changed_at,
        changed_by_therapist=bool(
            changed_at and proof and therapist_id and proof.changed_by_id == therapist_id
        ),
    )


def send_confirmation(request, user) -> bool:
    """Email a confirmation link to the address on `user`'s record. False (nothing sent)
    when they asked PER_PERSON_PER_HOUR times this hour or the address can't take mail."""
    address = current_address(user)
    try:
        validate_one_address(address)
    except ValidationError:
        return False
    since = timezone.now() - LIFETIME
    if user.address_confirmations.filter(created_at__gte=since).count() >= PER_PERSON_PER_HOUR:
        return False
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        user.address_confirmations.filter(used_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        AddressConfirmation.objects.create(
            user=user,
            token_hash=token_hash(token),
            sent_to=address,
            created_at=now,
            expires_at=now + LIFETIME,
        )
        record(
            actor=user,
            action=Action.CREATE,
            object_type="address_confirmation",
            object_id=user.pk,
            client_id=_client_id(user),
        )
    link = absolute_url(request, reverse("accounts:confirm_address_link", args=[token]))
    with languages.for_person(user):
        body = render_to_string(
            "accounts/address_confirmation_email.txt", {"link": link}, request=request
        )
        send_mail(_("Confirm your email address for Alongside"), body, None, [address])
    return True


def find(user, token: str) -> AddressConfirmation | None:
    """The confirmation this token belongs to, if it still works for this signed-in person."""
    if not token or user is None or not user.is_authenticated:
        return None
    newest = user.address_confirmations.order_by("-created_at", "-pk").first()
    return newest if newest_works(newest, token, current_address(user)) else None


def confirm(user, confirmation: AddressConfirmation) -> bool:
    """Spend the link and prove its address; of two requests racing, only one wins."""
    with transaction.atomic():
        spent = AddressConfirmation.objects.filter(
            pk=confirmation.pk, used_at__isnull=True, superseded_at__isnull=True
        ).update(used_at=timezone.now())
        if not spent:
            record(
                actor=user,
                action=Action.UPDATE,
                object_type="address_confirmation_used",
                object_id=user.pk,
                client_id=_client_id(user),
                outcome=Outcome.DENIED,
            )
            return False
        prove(user, confirmation.sent_to)
    return True
