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

    @property
    def position(self) -> int:
        """The row the head is the MAC of (0 for an empty chain)."""
        return self.checked


@dataclass(frozen=True)
class Head:
    """A head kept outside the server: the MAC of row `position`. A bare MAC (from before
    heads carried their position) has position None and is looked for anywhere."""

    mac: str
    position: int | None = None

    def __str__(self):
        return self.mac if self.position is None else f"{self.position}:{self.mac}"


def parse_head(text: str) -> Head:
    """`POSITION:MAC` (what audit_head prints) or a bare `MAC`; ValueError if neither."""
    text = text.strip()
    position, _sep, mac = text.rpartition(":")
    mac = mac.lower()
    if len(mac) != 64 or any(ch not in "0123456789abcdef" for ch in mac):
        raise ValueError(f"not an audit head: {text!r}")
    if not position:
        return Head(mac)
    if not position.isdigit():
        raise ValueError(f"not an audit head: {text!r}")
    return Head(mac, int(position))


def read_heads(path) -> list[Head]:
    """The heads saved in a file by `audit_head --out` (one a line: time, then the head)."""
    heads = []
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        try:
            heads.append(parse_head(words[-1]))
        except ValueError as error:
            raise ValueError(f"{path}, line {number}: {error}") from None
    return heads


def verify(expected_head: str | Head | None = None, heads=()) -> ChainReport:
    """Walk the chain in order; report the first row whose link or MAC does not hold, or
    the first saved head that is no longer in the chain where it was.

    A chain that grew since a head was saved is fine: the head must still be the MAC of its
    row. A head past the end means rows were cut off the end; a head whose row now has
    another MAC means rows were replaced (their chain can only be rebuilt with the key).
    """
    wanted = [h if isinstance(h, Head) else parse_head(h) for h in heads]
    if expected_head:
        wanted.append(
            expected_head if isinstance(expected_head, Head) else parse_head(expected_head)
        )
    at = {}
    anywhere = set()
    for head in wanted:
        if head.position is None:
            anywhere.add(head.mac)
        else:
            at.setdefault(head.position, set()).add(head.mac)
    # Row 0 is the empty chain, whose head is GENESIS.
    if at.pop(0, set()) - {GENESIS}:
        return ChainReport(0, 1, "the saved head at row 0 is not the chain's start")
    anywhere.discard(GENESIS)
    prev_mac, prev_id, checked = GENESIS, 0, 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.id != prev_id + 1:
            return ChainReport(checked, prev_id + 1, "row missing", prev_mac)
        if event.prev_mac != prev_mac:
            return ChainReport(checked, event.id, "link to the previous row broken", prev_mac)
        if not hmac.compare_digest(event.mac, compute_mac(prev_mac, _row_values(event))):
            return ChainReport(checked, event.id, "row changed after it was written", prev_mac)
        if event.id in at and at[event.id] != {event.mac}:
            return ChainReport(
                checked, event.id, "this row is not the one the saved head recorded", prev_mac
            )
        anywhere.discard(event.mac)
        prev_mac, prev_id, checked = event.mac, event.id, checked + 1
    beyond = [position for position in at if position > prev_id]
    if beyond:
        return ChainReport(
            checked,
            prev_id + 1,
            f"rows up to the saved head at row {max(beyond)} are gone",
            prev_mac,
        )
    if anywhere:
        return ChainReport(
            checked, prev_id + 1, "the saved head is not in the chain (rows gone)", prev_mac
        )
    return ChainReport(checked, head=prev_mac)
