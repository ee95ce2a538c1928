"""The manifest of a backup: what the database held, in a form a restore can check against.

For every table: its columns, its row count, and a SHA-256 hash of each stored row (keyed by
primary key). Rows are hashed as stored, so encrypted fields are hashed as ciphertext and the
manifest holds no clinical text, only ids and hashes. It also records the applied migrations,
the audit chain's head (from `alongside.audit.chain.verify`) and which data key ids the stored
values use (ids only: keys never go into a backup).

A manifest built on the restored database must equal the one taken at backup time.
"""

import datetime
import decimal
import hashlib
import json
import uuid

from django.db import connection as default_connection

from alongside.audit.chain import verify
from alongside.core.keys import key_usage

FORMAT = "alongside-backup/1"


def _canon(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return {"hex": bytes(value).hex()}
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"Cannot hash a {type(value).__name__} column value.")


def row_hash(row) -> str:
    body = json.dumps(list(row), default=_canon, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def table_names(connection) -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor, include_views=False)
    return sorted(name for name in names if not name.startswith("sqlite_"))


def _primary_key(connection, table) -> str | None:
    with connection.cursor() as cursor:
        return connection.introspection.get_primary_key_column(cursor, table)


def table_records(connection, table, batch=5000) -> dict:
    """Columns, row count and per-row hashes of one table, read in primary-key order."""
    qn = connection.ops.quote_name
    pk = _primary_key(connection, table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {qn(table)} WHERE 1 = 0")  # noqa: S608 (names from the schema)
        columns = [col[0] for col in cursor.description]
        order = qn(pk) if pk else ", ".join(str(i + 1) for i in range(len(columns)))
        cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY {order}")  # noqa: S608 (names from the schema)
        pk_index = columns.index(pk) if pk else None
        records, number, digest = {}, 0, hashlib.sha256()
        while rows := cursor.fetchmany(batch):
            for row in rows:
                number += 1
                key = str(row[pk_index]) if pk else f"#{number}"
                records[key] = value = row_hash(row)
                digest.update(value.encode("ascii"))
    return {
        "columns": columns,
        "primary_key": pk,
        "rows": number,
        "digest": digest.hexdigest(),
        "records": records,
    }


def applied_migrations(connection) -> list[list[str]]:
    if "django_migrations" not in table_names(connection):
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[app, name] for app, name in cursor.fetchall()]


def build() -> dict:
    """The manifest of the default database (the audit chain and key usage are read there).

    Call it inside one read snapshot (see backups.py) so that it matches the copy taken.
    """
    connection = default_connection
    chain = verify()
    return {
        "format": FORMAT,
        "database": {"vendor": connection.vendor},
        "migrations": applied_migrations(connection),
        "audit": {
            "rows": chain.checked,
            "head": chain.head,
            "intact": chain.ok,
            "broken_at": chain.broken_at,
            "reason": chain.reason,
        },
        "data_keys_in_use": dict(sorted(key_usage().items())),
        "tables": {name: table_records(connection, name) for name in table_names(connection)},
    }


def summary(manifest) -> dict:
    """Row counts per table, for people and logs."""
    return {name: table["rows"] for name, table in manifest["tables"].items()}


def compare(expected: dict, actual: dict, limit: int = 5) -> list[str]:
    """Every difference between two manifests, in plain words (empty when they match)."""
    problems = []
    if expected["database"]["vendor"] != actual["database"]["vendor"]:
        problems.append(
            f"database: backup is {expected['database']['vendor']}, "
            f"restored is {actual['database']['vendor']}"
        )
    if expected["migrations"] != actual["migrations"]:
        problems.append("applied migrations differ from the backup's")
    for name in sorted(set(expected["tables"]) | set(actual["tables"])):
        want, got = expected["tables"].get(name), actual["tables"].get(name)
        if want is None or got is None:
            problems.append(f"{name}: table {'not in the backup' if want is None else 'missing'}")
            continue
        if want["columns"] != got["columns"]:
            problems.append(f"{name}: columns differ ({want['columns']} != {got['columns']})")
        if want["rows"] != got["rows"]:
            problems.append(f"{name}: {got['rows']} rows, the backup has {want['rows']}")
        if want["digest"] == got["digest"]:
            continue
        wanted, present = want["records"], got["records"]
        missing = [key for key in wanted if key not in present]
        extra = [key for key in present if key not in wanted]
        changed = [key for key in wanted if key in present and wanted[key] != present[key]]
        for label, keys in (("missing", missing), ("not in the backup", extra)):
            if keys:
                problems.append(f"{name}: {len(keys)} rows {label} (ids {_first(keys, limit)})")
        if changed:
            problems.append(f"{name}: {len(changed)} rows changed (ids {_first(changed, limit)})")
    for field in ("rows", "head"):
        if expected["audit"][field] != actual["audit"][field]:
            problems.append(
                f"audit chain {field}: {actual['audit'][field]}, "
                f"the backup has {expected['audit'][field]}"
            )
    if not actual["audit"]["intact"]:
        problems.append(
            f"audit chain broken at row {actual['audit']['broken_at']}: {actual['audit']['reason']}"
        )
    return problems


def _first(keys, limit):
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")
