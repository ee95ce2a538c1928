"""Encryption of sensitive text at rest.

Each stored value is "<key id>$<Fernet token>". Fernet (from `cryptography`) is
authenticated encryption; naming the key with every value lets old keys be retired
only once no row uses them, and lets `rotate_keys` find what still needs re-encrypting.
The keys come from ALONGSIDE_DATA_KEYS or a key file outside the database, never from
SECRET_KEY, so a leaked settings file or database dump alone exposes nothing.
"""

import re
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[a-z0-9]{1,16}$")


class KeyMissing(Exception):
    """A stored value names a key that is not in the key ring."""


class KeyRing:
    def __init__(self, keys: list[tuple[str, str]]):
        if not keys:
            raise ImproperlyConfigured(
                "No data keys: set ALONGSIDE_DATA_KEYS or run `manage.py init_keys`."
            )
        self.ids = [key_id for key_id, _ in keys]
        if len(set(self.ids)) != len(self.ids):
            raise ImproperlyConfigured("Data key ids must be unique.")
        self._fernets = {}
        for key_id, key in keys:
            if not KEY_ID.match(key_id):
                raise ImproperlyConfigured(f"Bad data key id {key_id!r}: use a-z and 0-9.")
            try:
                self._fernets[key_id] = Fernet(key.encode())
            except ValueError:
                raise ImproperlyConfigured(f"Data key {key_id!r} is not a Fernet key.") from None

    @property
    def primary(self) -> str:
        return self.ids[0]

    def encrypt(self, text: str) -> str:
        token = self._fernets[self.primary].encrypt(text.encode("utf-8"))
        return f"{self.primary}${token.decode('ascii')}"

    def decrypt(self, stored: str) -> str:
        key_id, _, token = stored.partition("$")
        fernet = self._fernets.get(key_id)
        if fernet is None:
            raise KeyMissing(f"Stored data uses key {key_id!r}, which is not in the key ring.")
        try:
            return fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise KeyMissing(f"Stored data does not decrypt with key {key_id!r}.") from None


def parse_keys(text: str) -> list[tuple[str, str]]:
    """Read "id:key" pairs separated by commas or new lines; the first one encrypts."""
    pairs = []
    for item in re.split(r"[,\n]", text):
        item = item.strip()
        if item and not item.startswith("#"):
            key_id, sep, key = item.partition(":")
            if not sep:
                raise ImproperlyConfigured("Each data key must be written as id:key.")
            pairs.append((key_id.strip(), key.strip()))
    return pairs


def key_file() -> Path:
    return Path(settings.DATA_KEYS_FILE)


def configured_keys() -> list[tuple[str, str]]:
    if settings.DATA_KEYS:
        return parse_keys(settings.DATA_KEYS)
    path = key_file()
    return parse_keys(path.read_text()) if path.exists() else []


@cache
def keyring() -> KeyRing:
    return KeyRing(configured_keys())


def reset_keyring() -> None:
    keyring.cache_clear()


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
