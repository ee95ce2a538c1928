"""Writing and verifying the hash-chained audit log."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from alongside.audit.models import AuditEvent, Outcome

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "outcome",
)
# An arbitrary, fixed number: the PostgreSQL advisory lock that serialises chain writes.
CHAIN_LOCK = 7_305_212


@cache
def audit_key() -> bytes:
    if settings.AUDIT_KEY:
        return settings.AUDIT_KEY.encode()
    path = Path(settings.AUDIT_KEY_FILE)
    if not path.exists():
        raise ImproperlyConfigured(
            "No audit key: set ALONGSIDE_AUDIT_KEY or run `manage.py init_keys`."
        )
    return path.read_text().strip().encode()


def compute_mac(prev_mac: str, values: dict) -> str:
    body = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(audit_key(), f"{prev_mac}|{body}".encode(), hashlib.sha256).hexdigest()


def _row_values(event: AuditEvent) -> dict:
    values = {name: getattr(event, name) for name in CHAINED_FIELDS}
    values["at"] = event.at.isoformat()
    return values


def record(
    *, actor, action, object_type, object_id="", client_id=None, outcome=Outcome.ALLOWED
) -> AuditEvent:
    """Append one event. Chain writes are serialised so two requests can't share a parent."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").only("id", "mac").first()
        event = AuditEvent(
            id=(last.id + 1) if last else 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_role=getattr(actor, "role", "system") if actor else "system",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            client_id=client_id,
            outcome=outcome,
            prev_mac=last.mac if last else GENESIS,
        )
        event.mac = compute_mac(event.prev_mac, _row_values(event))
        event.save(force_insert=True)
    return event


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(expected_head: str | None = None) -> ChainReport:
    """Walk the chain in order; report the first row whose link or MAC does not hold."""
    prev_mac, prev_id, checked = GENESIS, 0, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.id != prev_id + 1:
            return ChainReport(checked, prev_id + 1, "row missing", prev_mac)
        if event.prev_mac != prev_mac:
            return ChainReport(checked, event.id, "link to the previous row broken", prev_mac)
        if not hmac.compare_digest(event.mac, compute_mac(prev_mac, _row_values(event))):
            return ChainReport(checked, event.id, "row changed after it was written", prev_mac)
        prev_mac, prev_id, checked = event.mac, event.id, checked + 1
    if expected_head and expected_head != prev_mac:
        return ChainReport(checked, prev_id + 1, "rows after the recorded head are gone", prev_mac)
    return ChainReport(checked, head=prev_mac)
