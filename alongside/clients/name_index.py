"""A blind index of client names: search and alphabetical buckets without decrypting rows.

Names are encrypted, so the database can neither search nor sort them. For each name this
keeps keyed HMAC digests (HMAC-SHA256 under a key derived with HKDF from a data key, so the
key lives outside the database and changes when the data keys rotate) of:

- every prefix, two letters and longer, of each word ("ash" gives "as", "ash"), for search
  as you type, accent- and case-insensitive (clients.NameToken rows);
- the first letter of the name, the "bucket" that lets a caseload list names A to Z while
  decrypting only the bucket on the page. One per client, kept on the client's row
  (Client.name_bucket, "key id:digest") so the caseload counts its buckets without a join.

Nothing order-preserving is stored and no plaintext: the digests reveal only which names
share a prefix or a first letter, to someone who already holds the database.
"""

import hmac
import re
import unicodedata
from functools import cache
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from alongside.core.crypto import configured_keys

PREFIX, BUCKET = "p", "b"
MIN_PREFIX, MAX_PREFIX = 2, 16
WORD = re.compile(r"[^\W_]+")
BUCKETS = "abcdefghijklmnopqrstuvwxyz"
OTHER = "#"  # names that start with a digit or a letter outside a to z


def normalise(text: str) -> list[str]:
    """Words, case-folded, with accents taken off ("Zoë Núñez" -> ["zoe", "nunez"]). Twice:
    some letters only fold once decomposed ("ϒ" gives "Υ", then "υ"), and a word must
    normalise to itself, or typing back what was indexed would not find it."""
    plain = text
    for _ in range(2):
        decomposed = unicodedata.normalize("NFKD", plain.casefold())
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return WORD.findall(plain)


def bucket_of(name: str) -> str:
    words = normalise(name)
    first = words[0][0] if words else OTHER
    return first if first in BUCKETS else OTHER


@cache
def _hmac_key(key_id: str, key: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"alongside name index v1"
    ).derive(key.encode())


def _keys() -> list[tuple[str, bytes]]:
    return [(key_id, _hmac_key(key_id, key)) for key_id, key in configured_keys()]


def primary_key_id() -> str:
    return configured_keys()[0][0]


def _digest(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), sha256).hexdigest()[:32]


def tokens_for(name: str) -> list[tuple[str, str, str]]:
    """(kind, digest, key id) search rows for one name, under the primary key."""
    key_id, key = _keys()[0]
    prefixes = {
        word[:n]
        for word in normalise(name)
        for n in range(MIN_PREFIX, min(len(word), MAX_PREFIX) + 1)
    }
    return [(PREFIX, _digest(key, PREFIX, p), key_id) for p in sorted(prefixes)]


def bucket_for(name: str) -> str:
    """The name's bucket as kept on the client's row: "key id:digest", under the primary
    key, so a rotation can tell which rows to index again."""
    key_id, key = _keys()[0]
    return f"{key_id}:{_digest(key, BUCKET, bucket_of(name))}"


def search_digests(query: str) -> list[set[str]]:
    """For each word typed (two letters or more), the digests that match it under any key
    in the ring, so names indexed before a rotation are still found."""
    words = [w[:MAX_PREFIX] for w in normalise(query) if len(w) >= MIN_PREFIX]
    return [{_digest(key, PREFIX, word) for _id, key in _keys()} for word in words]


def bucket_digests() -> dict[str, str]:
    """Bucket as kept on a client's row ("key id:digest") -> its letter, under every key in
    the ring."""
    return {
        f"{key_id}:{_digest(key, BUCKET, letter)}": letter
        for key_id, key in _keys()
        for letter in (*BUCKETS, OTHER)
    }
