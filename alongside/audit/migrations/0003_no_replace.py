"""SQLite: refuse INSERT OR REPLACE (and REPLACE INTO) over an audit row.

REPLACE deletes the row it collides with (same id, or same MAC) and inserts the new one;
SQLite fires no DELETE trigger for that unless recursive_triggers is on, so 0002's triggers
never see it. A BEFORE INSERT trigger runs before the collision is resolved, so it refuses
any insert that would collide. PostgreSQL has no REPLACE; its INSERT ... ON CONFLICT DO
UPDATE fires the UPDATE trigger of 0002.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit_auditevent
       WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id OR mac = NEW.mac)
       BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
]
SQLITE_REVERSE = ["DROP TRIGGER audit_no_replace"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE))]
