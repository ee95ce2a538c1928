"""Alongside's SQLite backend (base.py): Django's, with writers queued in turn."""

ENGINE = "alongside.core.sqlite"


def is_sqlite(database: dict) -> bool:
    """Whether a DATABASES entry is SQLite, through this backend or Django's own."""
    return database.get("ENGINE") in (ENGINE, "django.db.backends.sqlite3")
