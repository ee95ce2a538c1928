"""Backups of the whole database, and restores checked against the backup's manifest.

A backup is one `.tar.gz` archive holding

- `manifest.json` (see manifest.py): row counts, per-row hashes, applied migrations, the audit
  chain head, the data key ids in use, and the SHA-256 of the database file next to it;
- the database itself: `database.sqlite3`, a copy made with SQLite's online backup API
  (never a copy of the live files), or `database.pgdump`, made by `pg_dump --format=custom`.

The copy and the manifest come from one read snapshot, so they agree while the app keeps
serving. Sensitive fields stay encrypted inside the archive, and no key goes into it: a restore
needs the data keys and the audit key from key escrow (see docs/deploy.md).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from alongside.core.crypto import KeyMissing, keyring
from alongside.core.fields import encrypted_columns
from alongside.ops import manifest as manifests

ARCHIVE_PREFIX = "alongside-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in plain words."""


@dataclass
class Backup:
    path: Path
    manifest: dict
    seconds: float
    size: int
    sha256: str


@dataclass
class Restore:
    archive: Path
    manifest: dict
    seconds: float
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"


# --- Backup ------------------------------------------------------------------------------------


def make_backup(destination=None, *, alias=DEFAULT_DB_ALIAS) -> Backup:
    """Write a backup archive into `destination` (a directory, or an archive path)."""
    started = time.monotonic()
    connection = connections[alias]
    if connection.vendor not in MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    if connection.in_atomic_block:
        raise BackupError("Run a backup outside any transaction: it must see committed data.")
    created = timezone.now()
    path = _archive_path(Path(destination) if destination else default_directory(), created)
    member = MEMBERS[connection.vendor]
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
        copy = Path(work) / member
        if connection.vendor == "sqlite":
            manifest, tool = _sqlite_snapshot(connection, copy)
        else:
            manifest, tool = _postgres_snapshot(connection, copy)
        manifest = {
            "format": manifest.pop("format"),
            "created": created.isoformat(),
            "alongside_version": _alongside_version(),
            "tool": tool,
            "database_file": {"name": member, "bytes": copy.stat().st_size, "sha256": _sha(copy)},
            "row_counts": manifests.summary(manifest),
            **manifest,
        }
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        _write_archive(path, [manifest_file, copy])
    digest = _sha(path)
    sidecar = path.with_name(path.name + ".sha256")
    sidecar.write_text(f"{digest}  {path.name}\n")
    return Backup(path, manifest, time.monotonic() - started, path.stat().st_size, digest)


def _archive_path(destination: Path, created) -> Path:
    if destination.name.endswith(ARCHIVE_SUFFIX):
        path = destination
    else:
        path = destination / f"{ARCHIVE_PREFIX}{created:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        raise BackupError(f"{path} already exists; backups never overwrite one another.")
    return path


def _sqlite_snapshot(connection, copy: Path):
    """Copy with the online backup API inside one read transaction, and build the manifest in
    that same transaction: WAL lets writers carry on meanwhile, unseen by both."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # starts the snapshot
        target = sqlite3.connect(copy)
        try:
            raw.backup(target)
        finally:
            target.close()
        manifest = manifests.build()
    finally:
        raw.execute("ROLLBACK")
    check = sqlite3.connect(copy)
    try:
        integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive
    finally:
        check.close()
    if integrity != "ok":
        raise BackupError(f"The copy fails SQLite's integrity check: {integrity}")
    return manifest, f"sqlite {sqlite3.sqlite_version} online backup API"


def _postgres_snapshot(connection, copy: Path):
    """pg_dump and the manifest read the same exported snapshot (REPEATABLE READ)."""
    pg_dump = pg_tool("pg_dump")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={copy}"],
            env=pg_environment(connection.settings_dict),
        )
        manifest = manifests.build()
    tool = _run([pg_dump, "--version"], env=os.environ.copy()).strip()
    return manifest, tool


def _write_archive(path: Path, files) -> None:
    """Write to a side file, fsync, then rename: a crash never leaves half an archive."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        with tarfile.open(fileobj=out, mode="w:gz") as tar:
            for file in files:
                tar.add(file, arcname=file.name, recursive=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives (names sort by time) in `directory`."""
    archives = sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))
    gone = archives[:-keep] if keep > 0 else []
    for archive in gone:
        archive.unlink()
        archive.with_name(archive.name + ".sha256").unlink(missing_ok=True)
    return gone


# --- Restore -----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, mode="r:gz") as tar:
        return _load_manifest(tar)


def restore_backup(archive, *, force=False, alias=DEFAULT_DB_ALIAS) -> Restore:
    """Rebuild the database from `archive`, then check it against the archive's manifest.

    The target must be empty (a new database, or one only `migrate` has touched) unless
    `force`: then whatever it holds is replaced.
    """
    started = time.monotonic()
    archive = Path(archive)
    connection = connections[alias]
    with tempfile.TemporaryDirectory(prefix="alongside-restore-") as work:
        manifest, copy = _extract(archive, Path(work))
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"This backup is of a {vendor} database; the target is {connection.vendor}."
            )
        missing = sorted(set(manifest["data_keys_in_use"]) - set(keyring().ids))
        if missing:
            raise BackupError(
                f"The backup's data is encrypted with key(s) {', '.join(missing)}, which this "
                "instance does not have. Get them from your key escrow and set "
                "ALONGSIDE_DATA_KEYS (or the key file) before restoring."
            )
        held = rows_held(connection)
        if held and not force:
            shown = ", ".join(f"{table} ({rows})" for table, rows in sorted(held.items())[:5])
            raise BackupError(
                f"The target database already holds data: {shown}. Restore into a new, empty "
                "database, or pass --force to replace everything in it."
            )
        has_tables = bool(manifests.table_names(connection))
        connection.close()
        if vendor == "sqlite":
            _sqlite_restore(copy, connection.settings_dict["NAME"])
        else:
            _postgres_restore(copy, connection, clean=has_tables)
        connection.close()
    problems, notes = check_against(manifest, alias=alias)
    return Restore(archive, manifest, time.monotonic() - started, problems, notes)


def check_against(manifest: dict, *, alias=DEFAULT_DB_ALIAS) -> tuple[list[str], list[str]]:
    """Compare the database as it is now with a backup's manifest: (problems, notes)."""
    actual = manifests.build()
    problems = manifests.compare(manifest, actual)
    if not actual["audit"]["intact"] and actual["audit"]["broken_at"] == 1:
        problems.append(
            "The first audit row does not verify: is ALONGSIDE_AUDIT_KEY the key from escrow?"
        )
    problems += _keys_decrypt(alias)
    return problems, _migration_notes(alias)


def rows_held(connection) -> dict[str, int]:
    """Row counts of the tables that show an instance in use: people, audit events and every
    table with encrypted fields. (Migrations may seed reference tables; those don't count.)"""
    from django.contrib.auth import get_user_model

    from alongside.audit.models import AuditEvent

    tables = {get_user_model()._meta.db_table, AuditEvent._meta.db_table}
    tables |= {model._meta.db_table for model, _field in encrypted_columns()}
    present = set(manifests.table_names(connection))
    qn = connection.ops.quote_name
    held = {}
    with connection.cursor() as cursor:
        for table in sorted(tables & present):
            cursor.execute(f"SELECT count(*) FROM {qn(table)}")  # noqa: S608 (names from models)
            rows = cursor.fetchone()[0]
            if rows:
                held[table] = rows
    return held


def _extract(archive: Path, work: Path) -> tuple[dict, Path]:
    if not archive.is_file():
        raise BackupError(f"There is no backup archive at {archive}.")
    with tarfile.open(archive, mode="r:gz") as tar:
        manifest = _load_manifest(tar)
        member = manifest["database_file"]["name"]
        if member not in MEMBERS.values():
            raise BackupError(f"Unexpected database file {member!r} in the archive.")
        source = tar.extractfile(member)
        if source is None:
            raise BackupError(f"The archive has no {member}.")
        copy = work / member
        with source, open(copy, "wb") as out:
            shutil.copyfileobj(source, out)
    if _sha(copy) != manifest["database_file"]["sha256"]:
        raise BackupError(f"{member} in the archive does not match its manifest hash: damaged.")
    return manifest, copy


def _load_manifest(tar) -> dict:
    try:
        source = tar.extractfile(MANIFEST)
    except KeyError:
        source = None
    if source is None:
        raise BackupError("This archive has no manifest.json: not an Alongside backup.")
    manifest = json.load(source)
    if manifest.get("format") != manifests.FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _sqlite_restore(copy: Path, name) -> None:
    source = sqlite3.connect(copy)
    try:
        integrity = source.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise BackupError(f"The database in the archive fails SQLite's check: {integrity}")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(name)
        try:
            source.backup(target)  # replaces the whole target, WAL and all, atomically
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    finally:
        source.close()


def _postgres_restore(copy: Path, connection, *, clean: bool) -> None:
    command = [
        pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(copy)], env=pg_environment(connection.settings_dict))


def _keys_decrypt(alias) -> list[str]:
    """For each key id in use, decrypt one stored value with this instance's key."""
    connection = connections[alias]
    qn = connection.ops.quote_name
    ring, problems, tried = keyring(), [], set()
    with connection.cursor() as cursor:
        for model, column in encrypted_columns():
            for key_id in ring.ids:
                if key_id in tried:
                    continue
                table, col = qn(model._meta.db_table), qn(column.column)
                cursor.execute(
                    f"SELECT {col} FROM {table} WHERE {col} LIKE %s LIMIT 1",  # noqa: S608
                    [f"{key_id}$%"],
                )
                row = cursor.fetchone()
                if row is None:
                    continue
                tried.add(key_id)
                try:
                    ring.decrypt(row[0])
                except KeyMissing:
                    problems.append(
                        f"Data key {key_id} here does not decrypt the restored data: "
                        "use the key from escrow."
                    )
    return problems


def _migration_notes(alias) -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return [
            f"The backup predates {len(plan)} migration(s) of this version: run "
            "`alongside migrate` once the restore is checked."
        ]
    return []


# --- Helpers -----------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """Find pg_dump / pg_restore: ALONGSIDE_PG_BIN, then PATH, then the usual places."""
    search = [os.environ.get("ALONGSIDE_PG_BIN", ""), os.environ.get("PATH", ""), "/usr/local/bin"]
    search += sorted(str(p) for p in Path("/usr/lib/postgresql").glob("*/bin"))[::-1]
    found = shutil.which(name, path=os.pathsep.join(p for p in search if p))
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools); see docs/deploy.md.")
    return found


def pg_environment(settings_dict) -> dict:
    """Connection settings for the PostgreSQL tools, passed in the environment so that the
    password never shows in a process list."""
    env = os.environ.copy()
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command, *, env) -> str:
    # The program is pg_dump/pg_restore found by pg_tool; arguments are ours, not user input.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
    return result.stdout


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _alongside_version() -> str:
    try:
        return version("alongside")
    except PackageNotFoundError:
        return "unknown"
