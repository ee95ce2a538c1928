"""Content hashes for signed notes and addenda.

A hash is SHA-256 over a canonical JSON serialisation of the plaintext (before encryption),
the signer and the time. Encrypted columns use fresh randomness on every save, so hashing
ciphertext would prove nothing; hashing plaintext shows a change made behind the
application's back, for example a column overwritten with other text under the same key.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from alongside.core.crypto import KeyMissing
from alongside.notes.models import SECTIONS, Addendum, Note, NoteStatus


def _digest(payload: dict) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def note_payload(note: Note) -> dict:
    """What a signature covers: the session facts, every shared section and the agreed
    actions (not whether they are done, which changes after signing)."""
    session = note.session
    return {
        "note": note.pk,
        "client": note.client_id,
        "session": {
            "id": session.pk,
            "date": session.date.isoformat(),
            "minutes": session.minutes,
            "modality": session.modality,
            "attendance": session.attendance,
            "barrier": session.barrier,
        },
        "sections": {name: getattr(note, name) for name in SECTIONS},
        "actions": [[a.pk, a.who, a.text] for a in note.actions.order_by("id")],
        "experiences": sorted(note.experiences.values_list("pk", flat=True)),
        "signed_by": note.signed_by_id,
        "signed_at": note.signed_at.isoformat() if note.signed_at else None,
    }


def note_hash(note: Note) -> str:
    return _digest(note_payload(note))


def addendum_hash(addendum: Addendum) -> str:
    return _digest(
        {
            "addendum": addendum.pk,
            "note": addendum.note_id,
            "author": addendum.author_id,
            "created_at": addendum.created_at.isoformat(),
            "text": addendum.text,
        }
    )


@dataclass
class Mismatch:
    kind: str  # "note" or "addendum"
    pk: int
    note_id: int
    reason: str


def verify_all() -> tuple[int, list[Mismatch]]:
    """Recompute every stored hash. Returns (how many checked, what no longer matches).

    Rows are loaded one at a time so that a value which no longer decrypts is reported as a
    change to that row instead of stopping the whole check.
    """
    checked, bad = 0, []
    signed = Note.objects.filter(status=NoteStatus.SIGNED).select_related("session")
    for pk in signed.values_list("pk", flat=True).order_by("pk").iterator():
        checked += 1
        bad.extend(_check(lambda pk=pk: signed.get(pk=pk), "note", pk, pk, note_hash))
    rows = Addendum.objects.values_list("pk", "note_id").order_by("pk")
    for pk, note_id in rows.iterator():
        checked += 1
        bad.extend(
            _check(
                lambda pk=pk: Addendum.objects.get(pk=pk), "addendum", pk, note_id, addendum_hash
            )
        )
    return checked, bad


def _check(load, kind, pk, note_id, compute) -> list[Mismatch]:
    try:
        obj = load()
        current = compute(obj)
    except KeyMissing:
        return [Mismatch(kind, pk, note_id, "stored text can no longer be decrypted")]
    if not obj.content_hash:
        return [Mismatch(kind, pk, note_id, "has no stored hash")]
    if not hmac.compare_digest(current, obj.content_hash):
        return [Mismatch(kind, pk, note_id, "content no longer matches what was signed")]
    return []
