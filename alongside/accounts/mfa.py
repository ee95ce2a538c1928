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

from alongside.accounts.models import RecoveryCode, Role, SecondFactor
from alongside.audit.chain import record
from alongside.audit.models import Action

SESSION_KEY = "alongside_mfa_verified"
# The signed-in person had no second factor when this session looked (SecondFactorMiddleware).
NONE_SET_UP = "alongside_mfa_none"
STEP = 30
RECOVERY_CODES = 10


def _treated_as_staff(user) -> bool:
    """Anyone who is not a client: an account with no role (or a Django superuser made
    outside the app) gets the staff rules, never fewer."""
    return user.role != Role.CLIENT or user.is_superuser or user.is_staff


def staff_must_have_one(user) -> bool:
    return _treated_as_staff(user) and settings.REQUIRE_STAFF_MFA


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


ACCEPTED, REUSED, WRONG = "accepted", "reused", "wrong"


def code_result(factor: SecondFactor, code: str, now: float | None = None) -> str:
    """ACCEPTED for a code from this step or a neighbour (clock drift) never used before;
    REUSED for the code of a step already used (so the person can be told to wait for the
    next one); WRONG otherwise."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return WRONG
    totp = pyotp.TOTP(factor.secret)
    current = int((now or time.time()) // STEP)
    for step in (current - 1, current, current + 1):
        if not secrets.compare_digest(totp.at(step * STEP), code):
            continue
        if step <= factor.last_step:
            return REUSED
        # Conditional update: of two requests racing with one code, only one wins.
        won = SecondFactor.objects.filter(pk=factor.pk, last_step__lt=step).update(last_step=step)
        return ACCEPTED if won else REUSED
    return WRONG


def check_code(factor: SecondFactor, code: str, now: float | None = None) -> bool:
    return code_result(factor, code, now) == ACCEPTED


def confirm(factor: SecondFactor) -> list[str]:
    with transaction.atomic():
        SecondFactor.objects.filter(user=factor.user).exclude(pk=factor.pk).delete()
        factor.confirmed_at = timezone.now()
        factor.save(update_fields=["confirmed_at"])
        return new_recovery_codes(factor.user)


def new_recovery_codes(user) -> list[str]:
    """Ten fresh codes replacing the old ones; audited. Each is `id-secret` (8 hex each):
    the id finds the one row to check, and the whole code is what is hashed."""
    codes = []
    while len(codes) < RECOVERY_CODES:
        code = f"{secrets.token_hex(4)}-{secrets.token_hex(4)}"
        if code.split("-")[0] not in {c.split("-")[0] for c in codes}:
            codes.append(code)
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, lookup=code.split("-")[0], code_hash=make_password(code))
            for code in codes
        )
        record(actor=user, action=Action.UPDATE, object_type="recovery_codes", object_id=user.pk)
    return codes


_DUMMY_HASH = None


def _dummy_check(code: str) -> None:
    """One hash for a code that matches no id, so the answer takes as long either way."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("not-a-recovery-code")
    check_password(code, _DUMMY_HASH)


def use_recovery_code(user, code: str) -> bool:
    """Spend `code` if it is one of the person's unused codes. Costs one password hash:
    the code's id picks the row. Older codes without an id are checked one by one."""
    code = "".join(code.split()).lower()
    unused = RecoveryCode.objects.filter(user=user, used_at__isnull=True)
    lookup = code.split("-")[0] if "-" in code else ""
    candidates = list(unused.filter(lookup=lookup)[:1]) if lookup else []
    if not candidates and not unused.exclude(lookup="").exists():
        candidates = list(unused.filter(lookup="")[:RECOVERY_CODES])  # codes made before ids
    if not candidates:
        _dummy_check(code)
        return False
    for candidate in candidates:
        if check_password(code, candidate.code_hash):
            spent = RecoveryCode.objects.filter(pk=candidate.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
            return bool(spent)
    return False


def current_code(factor: SecondFactor) -> str:
    """For the demo page and tests only."""
    return pyotp.TOTP(factor.secret).now()
