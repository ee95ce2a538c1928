"""The full-text index behind `resources.search`: an FTS5 table kept by triggers on SQLite,
a GIN index on the `simple` tsvector on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE resources_service_fts USING fts5(search_text, "
    "content='resources_service', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER resources_service_fts_ai AFTER INSERT ON resources_service BEGIN "
    "INSERT INTO resources_service_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER resources_service_fts_ad AFTER DELETE ON resources_service BEGIN "
    "INSERT INTO resources_service_fts(resources_service_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER resources_service_fts_au AFTER UPDATE OF search_text ON resources_service "
    "BEGIN INSERT INTO resources_service_fts(resources_service_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO resources_service_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS resources_service_fts_au",
    "DROP TRIGGER IF EXISTS resources_service_fts_ad",
    "DROP TRIGGER IF EXISTS resources_service_fts_ai",
    "DROP TABLE IF EXISTS resources_service_fts",
]
POSTGRES = [
    "CREATE INDEX resources_service_search ON resources_service "
    "USING gin (to_tsvector('simple', search_text))"
]
POSTGRES_UNDO = ["DROP INDEX IF EXISTS resources_service_search"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}),
        )
    ]
