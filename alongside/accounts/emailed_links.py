"""What the links we email share (invitations, password resets, address confirmations): only
a hash of the token is kept, and a link works only while the address on the account is the
one it went to."""

from django.utils import timezone

from alongside.core.tokens import token_hash


def same_address(one: str, other: str) -> bool:
    """Two addresses as mail sees them (no case, no surrounding space); nothing is no one's."""
    one, other = (one or "").strip().lower(), (other or "").strip().lower()
    return bool(one) and one == other


def newest_works(newest, token: str, address_now: str) -> bool:
    """Whether `newest` (a person's newest reset or confirmation link, or None) is the one this
    token opens and still works: unused, not superseded, not expired, and sent to the
    account's address as it is now."""
    return (
        newest is not None
        and newest.token_hash == token_hash(token)
        and newest.used_at is None
        and newest.superseded_at is None
        and newest.expires_at > timezone.now()
        and same_address(newest.sent_to, address_now)
    )
