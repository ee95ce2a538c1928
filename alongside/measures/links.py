"""Check-in links: a single-use link per check-in that works without signing in, issued
(audited), opened (which check-in, and whether it may still be answered) and guarded (who
may use one). The token is kept nowhere, only its hash."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.tokens import new_token, token_hash
from alongside.measures.models import CheckIn, CheckInStatus


def link_days() -> int:
    return getattr(settings, "MEASURES_LINK_DAYS", 7)


def issue_link(actor, check_in, *, now=None) -> str:
    """A new single-use link for this check-in (any earlier link stops working). Returns the
    token, which is kept nowhere: show or send it once."""
    now = now or timezone.now()
    token = new_token()
    with transaction.atomic():
        check_in.link_hash = token_hash(token)
        check_in.link_expires_at = now + timedelta(days=link_days())
        check_in.link_used_at = None
        check_in.save(update_fields=["link_hash", "link_expires_at", "link_used_at"])
        record(
            actor=actor,
            action=Action.INVITE,
            object_type="check_in",
            object_id=check_in.pk,
            client_id=check_in.client_id,
        )
    return token


def link_path(token: str) -> str:
    return reverse("measures:link", args=[token])


class LinkState:
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def open_link(token: str, *, now=None) -> tuple[str, CheckIn | None]:
    """Find the one check-in a link token opens, and whether it may still be answered."""
    if not token or len(token) > 100:
        return LinkState.UNKNOWN, None
    check_in = CheckIn.objects.select_related("client").filter(link_hash=token_hash(token)).first()
    if check_in is None:
        return LinkState.UNKNOWN, None
    if check_in.link_used_at or check_in.status == CheckInStatus.DONE:
        return LinkState.USED, check_in
    now = now or timezone.now()
    if check_in.status != CheckInStatus.OPEN or check_in.link_expires_at <= now:
        return LinkState.EXPIRED, check_in
    return LinkState.OK, check_in


def may_answer_by_link(user, check_in) -> bool:
    """Who may use a check-in link: anyone signed out (the link is the key), or the
    check-in's own client when signed in. Any other signed-in person is refused."""
    if not getattr(user, "is_authenticated", False):
        return True
    return check_in.client.user_id is not None and check_in.client.user_id == user.pk
