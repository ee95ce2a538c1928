"""Second factors: TOTP (pyotp), passkeys (see passkeys.py) and hashed single-use recovery
codes."""

import base64
import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import STAFF_ROLES, RecoveryCode, SecondFactor

SESSION_KEY = "alongside_mfa_verified"
STEP = 30
RECOVERY_CODES = 10


def needs_second_factor(user, *, staff_required: bool) -> bool:
    if user.role in STAFF_ROLES and staff_required:
        return True
    return has_second_factor(user)


def staff_must_have_one(user) -> bool:
    return user.role in STAFF_ROLES and settings.REQUIRE_STAFF_MFA


def has_second_factor(user) -> bool:
    """An authenticator app or at least one passkey."""
    return confirmed_factor(user) is not None or user.passkeys.exists()


def confirmed_factor(user) -> SecondFactor | None:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()


def start_setup(user) -> SecondFactor:
    """A fresh, unconfirmed secret (replacing any earlier unconfirmed one)."""
    SecondFactor.objects.filter(user=user, confirmed_at__isnull=True).delete()
    return SecondFactor.objects.create(user=user, secret=pyotp.random_base32())


def qr_data_uri(user, factor) -> str:
    uri = pyotp.TOTP(factor.secret).provisioning_uri(name=user.username, issuer_name="Alongside")
    svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def check_code(factor: SecondFactor, code: str, now: float | None = None) -> bool:
    """Accept a code from this step or a neighbour (clock drift), never one used before."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(factor.secret)
    current = int((now or time.time()) // STEP)
    for step in (current - 1, current, current + 1):
        if step > factor.last_step and secrets.compare_digest(totp.at(step * STEP), code):
            # Conditional update: of two requests racing with one code, only one wins.
            won = SecondFactor.objects.filter(pk=factor.pk, last_step__lt=step).update(
                last_step=step
            )
            return bool(won)
    return False


def confirm(factor: SecondFactor) -> list[str]:
    with transaction.atomic():
        SecondFactor.objects.filter(user=factor.user).exclude(pk=factor.pk).delete()
        factor.confirmed_at = timezone.now()
        factor.save(update_fields=["confirmed_at"])
        return new_recovery_codes(factor.user)


def new_recovery_codes(user) -> list[str]:
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=make_password(code)) for code in codes
        )
    return codes


def use_recovery_code(user, code: str) -> bool:
    code = code.strip().lower()
    for candidate in RecoveryCode.objects.filter(user=user, used_at__isnull=True):
        if check_password(code, candidate.code_hash):
            spent = RecoveryCode.objects.filter(pk=candidate.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
            return bool(spent)
    return False


def current_code(factor: SecondFactor) -> str:
    """For the demo page and tests only."""
    return pyotp.TOTP(factor.secret).now()
