"""Encryption of sensitive text at rest.

Each stored value is "<key id>$<Fernet token>". Fernet (from `cryptography`) is
authenticated encryption; naming the key with every value lets old keys be retired
only once no row uses them, and lets `rotate_keys` find what still needs re-encrypting.
The keys come from ALONGSIDE_DATA_KEYS or a key file outside the database, never from
SECRET_KEY, so a leaked settings file or database dump alone exposes nothing.
"""

import re
import threading
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


def _keys_read_from() -> Path | None:
    """The file the keys are read from, if they come from one (so it can change while the
    server runs): ALONGSIDE_DATA_KEYS_FILE, or the key file when no keys are in the env."""
    secret_file = getattr(settings, "DATA_KEYS_FROM_FILE", "")
    if secret_file:
        return Path(secret_file)
    if settings.DATA_KEYS:
        return None
    return key_file()


def configured_keys() -> list[tuple[str, str]]:
    path = _keys_read_from()
    if path is None:
        return parse_keys(settings.DATA_KEYS)
    return parse_keys(path.read_text()) if path.exists() else []


def _stamp(path: Path | None):
    """What changes when the key file is rewritten (rotate_keys replaces it)."""
    if path is None:
        return None
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class _LiveKeyRing:
    """The key ring a running server uses, kept up to date while it serves.

    Keys are rotated while the server runs (`rotate_keys --new-key` writes the key file and
    re-encrypts every row under the new key). A ring read once at start would then fail on
    every page with a value under the new key, until a restart. So the ring is read again
    when the key file changed (a stat per use: cheap), which also moves new writes to the
    new key at once, and once more on a key id it doesn't know. Keys in the environment
    (ALONGSIDE_DATA_KEYS) can't change in a running process: those need a restart (see
    docs/deploy.md).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._ring: KeyRing | None = None
        self._stamp = None

    def current(self, *, reload=False) -> KeyRing:
        path = _keys_read_from()
        stamp = _stamp(path)
        ring = self._ring
        if ring is not None and not reload and stamp == self._stamp:
            return ring
        with self._lock:
            if self._ring is None or reload or stamp != self._stamp:
                self._ring, self._stamp = KeyRing(configured_keys()), stamp
            return self._ring

    def clear(self):
        with self._lock:
            self._ring, self._stamp = None, None


_LIVE = _LiveKeyRing()


def keyring() -> KeyRing:
    return _LIVE.current()


def decrypt(stored: str) -> str:
    """Decrypt a stored value; a key id the ring doesn't know makes it read the keys again
    once (a key added while the server runs), before giving up."""
    ring = keyring()
    key_id = stored.partition("$")[0]
    if key_id not in ring.ids:
        ring = _LIVE.current(reload=True)
    return ring.decrypt(stored)


def encrypt(text: str) -> str:
    return keyring().encrypt(text)


def reset_keyring() -> None:
    _LIVE.clear()


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
