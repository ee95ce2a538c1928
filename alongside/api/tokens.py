"""Making, checking and revoking personal access tokens."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.api.models import ApiToken
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.tokens import new_token, token_hash

PREFIX = "alg_"
STAFF = (Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN)


def create(user, *, name: str, scopes: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its plaintext, which is never stored and never shown again."""
    if user.role not in STAFF:
        raise PermissionError("Only staff have API tokens.")
    plaintext = PREFIX + new_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=plaintext[:10],
            token_hash=token_hash(plaintext),
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=days),
        )
        record(actor=user, action=Action.CREATE, object_type="api_token", object_id=token.pk)
    return token, plaintext


def revoke(user, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record(actor=user, action=Action.DELETE, object_type="api_token", object_id=token.pk)


def revoke_all(sender=None, *, user, **kwargs) -> int:
    """Revoke every token `user` still has: connected to accounts.signals.sign_in_changed
    (a new password, a reset, a changed second step, a closed account). A token is one
    more session, and one made by someone who got in with a stolen password must not
    outlive the password. Each revocation is audited, as `revoke` does."""
    with transaction.atomic():
        open_ids = list(
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("pk", flat=True)
        )
        ApiToken.objects.filter(pk__in=open_ids).update(revoked_at=timezone.now())
        for token_id in open_ids:
            record(actor=user, action=Action.DELETE, object_type="api_token", object_id=token_id)
    return len(open_ids)


def find(plaintext: str) -> ApiToken | None:
    """The usable token with this plaintext, else None. Looked up by hash: the database
    compares hashes, never secrets."""
    if not plaintext or not plaintext.startswith(PREFIX) or len(plaintext) > 100:
        return None
    return (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=token_hash(plaintext), user__role__in=STAFF)
        .first()
    )


def per_minute() -> int:
    return getattr(settings, "API_CALLS_PER_MINUTE", 120)


def count_call(token: ApiToken, now=None) -> bool:
    """Count one call in the token's current minute; False once it is over the limit."""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    same = ApiToken.objects.filter(pk=token.pk, window_start=window)
    if not same.update(window_calls=F("window_calls") + 1, last_used_at=now):
        ApiToken.objects.filter(pk=token.pk).update(
            window_start=window, window_calls=1, last_used_at=now
        )
    calls = ApiToken.objects.filter(pk=token.pk).values_list("window_calls", flat=True).first()
    return (calls or 0) <= per_minute()
