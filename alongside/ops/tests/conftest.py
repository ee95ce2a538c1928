"""`committed_db`: a transactional test database for tests that need committed data (a backup
reads only commits; another process sees only commits) and write audit rows.

The audit table refuses DELETE and TRUNCATE (database triggers), so the flush that ends a
transactional test would fail. This lifts the triggers just for that flush and puts the very
same triggers back afterwards.
"""

import pytest
from django.db import connection

AUDIT_TABLE = "audit_auditevent"


def _lift(saved: dict) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER")
            saved["postgresql"] = True
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [AUDIT_TABLE],
        )
        saved["sqlite"] = cursor.fetchall()
        for name, _sql in saved["sqlite"]:
            cursor.execute(f'DROP TRIGGER "{name}"')


def _restore(saved: dict) -> None:
    with connection.cursor() as cursor:
        if saved.get("postgresql"):
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER")
        for _name, sql in saved.get("sqlite", []):
            cursor.execute(sql)


@pytest.fixture
def _audit_triggers_back(django_db_setup, django_db_blocker):
    saved = {}
    yield saved
    with django_db_blocker.unblock():
        _restore(saved)


@pytest.fixture
def committed_db(_audit_triggers_back, transactional_db):
    yield
    _lift(_audit_triggers_back)
