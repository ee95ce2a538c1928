"""Backup and restore round trip, on whichever database the suite runs (SQLite or PostgreSQL).

The backup runs in this process on the test database; each restore runs `manage.py restore`
in a fresh process pointed at a separate, new database, as a restore drill on a clean host
would. The keys come only from the environment (the test keys), never from the archive.
"""

import datetime
import io
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.models import Client
from alongside.notes.models import Modality, Session
from alongside.ops.backups import BackupError, make_backup, read_manifest, restore_backup

CANARIES = ["Ash Canary", "CANARY-SELF-DESCRIPTION", "ash@example.invalid"]


@pytest.fixture
def practice_data(committed_db, cast):
    """The cast, some sessions and audit events, committed (a backup sees only commits)."""
    for day in range(1, 6):
        Session.objects.create(
            client=cast.client, date=datetime.date(2025, 1, day), modality=Modality.VIDEO
        )
    for client in (cast.client, cast.other_client):
        record(
            actor=client.therapist,
            action=Action.VIEW,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
        )
    return cast


@pytest.fixture
def target(tmp_path):
    """A new, empty database for the restore, and a way to run SQL on it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def execute(sql):
            with sqlite3.connect(path) as db:
                db.execute(sql)

        yield f"sqlite:///{path}", execute
        return
    name = f"alongside_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    auth = quote(s["USER"], safe="") + (
        f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else ""
    )
    url = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"

    def execute(sql):
        import psycopg

        with psycopg.connect(url) as db:
            db.execute(sql)

    yield url, execute
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url, **env):
    """Run manage.py in a new process, as an operator would, on the target database."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alongside.settings_test",
        "DATABASE_URL": database_url,
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_backup_restores_into_an_empty_database_and_matches_its_manifest(
    practice_data, target, tmp_path
):
    url, execute = target
    backup = make_backup(tmp_path / "backups")
    assert backup.manifest["row_counts"]["clients_client"] == 2
    assert backup.manifest["row_counts"]["notes_session"] == 5
    assert backup.manifest["audit"]["rows"] == 2
    assert backup.manifest["audit"]["intact"]

    restored = manage("restore", str(backup.path), database_url=url)
    assert restored.returncode == 0, restored.stderr
    assert "Manifest check passed: " in restored.stdout
    assert f"head {backup.manifest['audit']['head']}" in restored.stdout
    assert " in " in restored.stdout.splitlines()[0]  # the time it took

    # The restored audit chain verifies against the head recorded at backup time.
    verified = manage("verify_audit", "--head", backup.manifest["audit"]["head"], database_url=url)
    assert verified.returncode == 0, verified.stderr
    assert "Audit chain intact: 2 rows" in verified.stdout

    # A second restore into what is now a database in use is refused...
    again = manage("restore", str(backup.path), database_url=url)
    assert again.returncode != 0
    assert "already holds data" in again.stderr
    # ...and one changed row in the restored data fails the manifest check, naming it.
    execute(f"UPDATE clients_client SET pronouns = '' WHERE id = {practice_data.client.pk}")  # noqa: S608
    check = manage("restore", "--check", str(backup.path), database_url=url)
    assert check.returncode != 0
    assert f"clients_client: 1 rows changed (ids {practice_data.client.pk})" in check.stderr

    # --force replaces it, and the check passes again.
    forced = manage("restore", "--force", str(backup.path), database_url=url)
    assert forced.returncode == 0, forced.stderr
    assert "Manifest check passed" in forced.stdout


def test_the_archive_holds_a_manifest_and_no_plaintext_or_keys(practice_data, tmp_path):
    backup = make_backup(tmp_path)
    assert backup.path.stat().st_mode & 0o077 == 0  # readable by its owner only
    sidecar = backup.path.with_name(backup.path.name + ".sha256").read_text()
    assert sidecar.split()[0] == backup.sha256
    with tarfile.open(backup.path) as tar:
        names = tar.getnames()
        raw = {name: tar.extractfile(name).read() for name in names}
    assert names[0] == "manifest.json"
    manifest = json.loads(raw["manifest.json"])
    assert manifest["tables"]["clients_client"]["records"].keys() == {
        str(practice_data.client.pk),
        str(practice_data.other_client.pk),
    }
    assert manifest["migrations"]
    for name, content in raw.items():
        for canary in CANARIES:
            assert canary.encode() not in content, f"{canary!r} in plain text in {name}"
        data_key = os.environ["ALONGSIDE_DATA_KEYS"].partition(":")[2]
        assert data_key.encode() not in content
        assert os.environ["ALONGSIDE_AUDIT_KEY"].encode() not in content


def test_a_restore_without_the_escrowed_data_key_is_refused_before_anything_changes(
    practice_data, target, tmp_path
):
    url, _execute = target
    backup = make_backup(tmp_path)
    other = "k9:" + "A" * 43 + "="
    refused = manage("restore", str(backup.path), database_url=url, ALONGSIDE_DATA_KEYS=other)
    assert refused.returncode != 0
    assert "encrypted with key(s) t1" in refused.stderr
    assert "key escrow" in refused.stderr


def test_a_damaged_archive_is_refused(practice_data, tmp_path):
    backup = make_backup(tmp_path / "good")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(backup.path) as source, tarfile.open(damaged, "w:gz") as out:
        for member in source.getmembers():
            data = bytearray(source.extractfile(member).read())
            if member.name != "manifest.json":
                data[len(data) // 2] ^= 0xFF
            member.size = len(data)
            out.addfile(member, io.BytesIO(bytes(data)))
    assert read_manifest(damaged)["format"] == "alongside-backup/1"
    with pytest.raises(BackupError, match="does not match its manifest hash"):
        restore_backup(damaged)
    assert Client.objects.count() == 2  # nothing touched


def test_a_backup_refuses_to_run_inside_a_transaction(db, tmp_path):
    with pytest.raises(BackupError, match="outside any transaction"):
        make_backup(tmp_path)
    assert not list(Path(tmp_path).glob("*.tar.gz"))
