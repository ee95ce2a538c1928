"""Fast, isolated settings for the test suite (a real database, a fast hasher)."""

import os
import tempfile

os.environ.setdefault("ALONGSIDE_VAR_DIR", tempfile.mkdtemp(prefix="alongside-test-"))
os.environ.setdefault("ALONGSIDE_DATA_KEYS", "t1:GKzvt5r7QmY7nXMtDiTlzR1t98AeaVJE6aVaPbfC9CQ=")
os.environ.setdefault("ALONGSIDE_AUDIT_KEY", "test-audit-key-not-secret")

from alongside.core.sqlite import is_sqlite  # noqa: E402
from alongside.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 (speed)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if is_sqlite(DATABASES["default"]):  # noqa: F405
    # A test database in a file, as in production, not SQLite's shared in-memory one: there
    # two connections writing at once fail at once ("database table is locked") instead of
    # queueing for the write lock, so concurrency tests (alongside/core/tests/
    # test_concurrent_edits.py) could not run on SQLite.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
