"""Decrypting once: what the report derives from an encrypted value, kept in this process.

Decrypting is most of a report's cost (a Fernet token takes ~0.1 ms), and the same
submitted answers are read by every report. So the report fetches the ciphertext itself
(no decryption in the query), and keeps what it derived from it (ratings, a score, group
keys: numbers and codes, never the text) under the row's id and the token's tail, which
changes whenever the value is written again or re-encrypted. Memory only, per process,
bounded.
"""

from django.db.models import TextField
from django.db.models.functions import Cast

from alongside.core.crypto import keyring

LIMIT = 500_000
_derived: dict = {}


def raw(field: str):
    """An annotation giving a column's stored ciphertext, without decrypting it."""
    return Cast(field, output_field=TextField())


def derived(kind: str, pk: int, stored: str | None, derive, *extra):
    if not stored:
        return derive("")
    key = (kind, pk, stored[-24:], *extra)
    found = _derived.get(key)
    if found is None:
        if len(_derived) >= LIMIT:
            _derived.clear()
        found = derive(keyring().decrypt(stored))
        _derived[key] = found
    return found
