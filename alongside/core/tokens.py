"""Bearer secrets: emailed links, check-in links, calendar feeds and API tokens.

Each is made here and kept only as its hash, so a copy of the database opens nothing. A plain
SHA-256 is enough: the secret is 256 random bits, not something a person chose and could be
guessed, so there is nothing for a slow, salted hash to protect."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
