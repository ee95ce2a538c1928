"""Passkeys and security keys (WebAuthn) as a second step.

The ceremonies themselves (options, signature and attestation checks, sign counts) are
py_webauthn's. This module keeps each challenge in the session (one purpose, one person,
single use, a few minutes), works out the relying party and origin, and finds credentials
among the person's own passkeys.
"""

import secrets
import time

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from alongside.accounts.models import Passkey

CHALLENGE_KEY = "alongside_webauthn"
CHALLENGE_SECONDS = 5 * 60
BROWSER_TIMEOUT_MS = 2 * 60 * 1000
RP_NAME = "Alongside"
REGISTER, AUTHENTICATE = "register", "authenticate"
# What a malformed or forged response can raise on its way through the parser.
BAD_RESPONSE = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)

EXPIRED = gettext_lazy("That took too long, or the page was used twice. Please try again.")


class PasskeyRefused(Exception):
    """A refusal whose message can be shown to the person as it is."""


def has_passkeys(user) -> bool:
    return user.is_authenticated and user.passkeys.exists()


def rp_id(request) -> str:
    return settings.WEBAUTHN_RP_ID or split_domain_port(request.get_host())[0]


def expected_origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _user_handle(user) -> bytes:
    """Stable for a person, but not their database id or name."""
    return salted_hmac("alongside.accounts.passkeys.user_handle", str(user.pk)).digest()


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = []
    for value in filter(None, passkey.transports.split(",")):
        try:
            transports.append(AuthenticatorTransport(value))
        except ValueError:
            continue
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id), transports=transports or None
    )


def _remember(request, purpose: str, challenge: bytes) -> None:
    request.session[CHALLENGE_KEY] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(challenge),
        "user": request.user.pk,
        "at": time.time(),
    }


def _take_challenge(request, purpose: str) -> bytes:
    """The challenge this session was given for `purpose`, which is then gone for good."""
    saved = request.session.pop(CHALLENGE_KEY, None)
    if (
        not isinstance(saved, dict)
        or saved.get("purpose") != purpose
        or saved.get("user") != request.user.pk
        or time.time() - saved.get("at", 0) > CHALLENGE_SECONDS
    ):
        raise PasskeyRefused(str(EXPIRED))
    return base64url_to_bytes(saved["challenge"])


def find(user, credential_id: str) -> Passkey | None:
    wanted = credential_id.encode("utf-8", "replace")
    for passkey in user.passkeys.all():
        if secrets.compare_digest(passkey.credential_id.encode(), wanted):
            return passkey
    return None


def registration_options(request) -> str:
    user = request.user
    options = generate_registration_options(
        rp_id=rp_id(request),
        rp_name=RP_NAME,
        # The sign-in name only: the device shows it in its list of passkeys.
        user_name=user.username,
        user_display_name=user.username,
        user_id=_user_handle(user),
        timeout=BROWSER_TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(p) for p in user.passkeys.all()],
    )
    _remember(request, REGISTER, options.challenge)
    return options_to_json(options)


def verify_new(request, credential_json: str) -> Passkey:
    """Check the browser's answer to registration_options; an unsaved Passkey if it holds."""
    challenge = _take_challenge(request, REGISTER)
    try:
        parsed = parse_registration_credential_json(credential_json)
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=expected_origin(request),
        )
    except BAD_RESPONSE as error:
        raise PasskeyRefused(_("The passkey could not be checked, so it was not added.")) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if find(request.user, credential_id) is not None:
        raise PasskeyRefused(_("That passkey is already on your list."))
    transports = parsed.response.transports or []
    return Passkey(
        user=request.user,
        credential_id=credential_id,
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        transports=",".join(t.value for t in transports)[:200],
    )


def authentication_options(request) -> str:
    options = generate_authentication_options(
        rp_id=rp_id(request),
        timeout=BROWSER_TIMEOUT_MS,
        allow_credentials=[_descriptor(p) for p in request.user.passkeys.all()],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _remember(request, AUTHENTICATE, options.challenge)
    return options_to_json(options)


def verify_use(request, credential_json: str) -> Passkey:
    """Check the browser's answer to authentication_options against the person's passkeys."""
    challenge = _take_challenge(request, AUTHENTICATE)
    try:
        parsed = parse_authentication_credential_json(credential_json)
    except BAD_RESPONSE as error:
        raise PasskeyRefused(_("That passkey did not work. Please try again.")) from error
    passkey = find(request.user, parsed.id)
    if passkey is None:
        raise PasskeyRefused(_("That passkey is not one you have added to Alongside."))
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(request),
            expected_origin=expected_origin(request),
            credential_public_key=base64url_to_bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except BAD_RESPONSE as error:
        raise PasskeyRefused(_("That passkey did not work. Please try again.")) from error
    # Conditional update: of two requests racing with one answer, only one wins.
    won = Passkey.objects.filter(pk=passkey.pk, sign_count=passkey.sign_count).update(
        sign_count=verified.new_sign_count, last_used_at=timezone.now()
    )
    if not won:
        raise PasskeyRefused(_("That passkey did not work. Please try again."))
    return passkey
