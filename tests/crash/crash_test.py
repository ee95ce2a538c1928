"""Crash test: kill -9 the production server mid-write, again and again; lose nothing.

Runs gunicorn (`alongside serve`, production settings over loopback HTTP) on a fresh
instance. Several therapists, each in their own thread and session, add client records
through the real form (POST /clients/new/: encrypted text plus an audit event, in one
transaction) as fast as they can. Every few seconds the whole server (master and workers)
gets SIGKILL and is started again. A write counts as acknowledged once the server answered
302 with the new record's id.

Afterwards, through the database (a separate process using the ORM, so the text is
decrypted with the instance's key):

- every acknowledged record is there, byte-for-byte as sent;
- every record there is one that was sent, complete (a write cut off by the kill is either
  wholly present or wholly absent), with its audit event;
- SQLite's `PRAGMA integrity_check` says ok, and the audit chain verifies.

Usage: .venv/bin/python tests/crash/crash_test.py [--cycles 5] [--writers 4]
       [--database-url postgres://user:pw@127.0.0.1:5432/any]   (default: SQLite)
With a PostgreSQL URL it creates a scratch database on that server and drops it afterwards.
Only the app server is killed; the database server keeps running.
"""

import argparse
import http.client
import json
import random
import re
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.loopback import Browser, Server, environment, manage  # noqa: E402

PASSWORD = "crash-test-password-not-secret"  # noqa: S105
FIELDS = ["chosen_name", "pronouns", "language", "email", "phone", "self_description"]
CREATED = re.compile(r"^/clients/(\d+)/$")
# Text that is easy to damage: accents, combining marks, right-to-left, CJK, emoji, quotes.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?'\"&<>/\\%"
    "éèñüßçøåłžœ ёжщ αβγ שלום مرحبا 漢字かなカナ 한글 🙂🏳️‍🌈🧑🏾‍🤝‍🧑🏻 e\u0301 \u200d"
)

SETUP = """
from alongside.accounts.models import Practice, Role, User
practice = Practice.objects.create(name="Crash test practice")
for n in range({writers}):
    user = User(username=f"crash{{n}}", role=Role.THERAPIST, practice=practice)
    user.set_password({password!r})
    user.save()
print("ok")
"""

VERIFY = """
import json
from django.db import connection
from alongside.audit.chain import verify
from alongside.audit.models import Action, AuditEvent
from alongside.clients.models import Client

sent = json.load(open({path!r}))
fields = sent["fields"]
acked = {{int(w["id"]): w for w in sent["acknowledged"]}}
known = {{w["chosen_name"]: w for w in sent["acknowledged"] + sent["in_doubt"]}}
problems, present, in_doubt_present = [], {{}}, 0
for pk in Client.objects.values_list("pk", flat=True):
    try:
        present[pk] = Client.objects.get(pk=pk)
    except Exception as error:
        problems.append(f"record {{pk}} cannot be read: {{error!r}}")
for pk, write in acked.items():
    row = present.get(pk)
    if row is None:
        problems.append(f"acknowledged record {{pk}} is missing")
        continue
    for name in fields:
        stored = getattr(row, name).encode("utf-8")
        if stored != write[name].encode("utf-8"):
            problems.append(f"record {{pk}}: {{name}} differs from what was acknowledged")
audited = set(
    AuditEvent.objects.filter(action=Action.CREATE, object_type="client")
    .values_list("object_id", flat=True)
)
for pk, row in present.items():
    write = known.get(row.chosen_name)
    if write is None:
        problems.append(f"record {{pk}} matches nothing that was sent")
        continue
    if pk not in acked:
        in_doubt_present += 1
    if any(getattr(row, name) != write[name] for name in fields):
        problems.append(f"record {{pk}} is half-written or garbled")
    if str(pk) not in audited:
        problems.append(f"record {{pk}} has no audit event for its creation")
chain = verify()
if not chain.ok:
    problems.append(f"audit chain broken at row {{chain.broken_at}}: {{chain.reason}}")
integrity = "n/a (PostgreSQL)"
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = ", ".join(row[0] for row in cursor.fetchall())
    if integrity != "ok":
        problems.append(f"PRAGMA integrity_check: {{integrity}}")
print(json.dumps({{
    "records_in_database": len(present),
    "in_doubt_present": in_doubt_present,
    "audit_rows_verified": chain.checked,
    "integrity_check": integrity,
    "problems": problems,
}}))
"""


def text(rng: random.Random, low: int, high: int) -> str:
    """Random text with no whitespace at the ends (forms strip it) and no NUL."""
    body = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))
    return f"<{body}>"


class Writer(threading.Thread):
    """One therapist adding client records until told to stop."""

    def __init__(self, number: int, port: int, stop: threading.Event, limit: int):
        super().__init__(daemon=True)
        self.number, self.port, self.stop, self.limit = number, port, stop, limit
        self.rng = random.Random(number)  # noqa: S311 (test data)
        self.acknowledged, self.in_doubt, self.refused, self.errors = [], [], 0, []
        self.browser = Browser(port, timeout=30)

    def run(self):
        signed_in = False
        for count in range(self.limit):
            if self.stop.is_set():
                return
            try:
                if not signed_in:
                    self.browser.sign_in(f"crash{self.number}", PASSWORD)
                    signed_in = True
            except (OSError, http.client.HTTPException, RuntimeError):
                time.sleep(0.1)
                continue
            write = {
                "chosen_name": f"w{self.number}-{count} {text(self.rng, 1, 60)}",
                "pronouns": text(self.rng, 0, 20),
                "language": text(self.rng, 0, 30),
                "email": f"w{self.number}.{count}@example.invalid",
                "phone": f"+44 {self.rng.randint(1000000, 9999999)}",
                "self_description": text(self.rng, 0, 1500),
            }
            try:
                answer = self.browser.post(
                    "/clients/new/", {**write, "legal_name": "", "version": "1"}
                )
            except ConnectionRefusedError:
                self.refused += 1  # never reached the server: certainly not written
                time.sleep(0.05)
                continue
            except (OSError, http.client.HTTPException):
                self.in_doubt.append(write)  # cut off: may or may not have been written
                time.sleep(0.05)
                continue
            created = CREATED.match(answer.location) if answer.status == 302 else None
            if created:
                self.acknowledged.append({**write, "id": created.group(1)})
            elif answer.status == 302 and "/sign-in/" in answer.location:
                signed_in = False
            else:
                snippet = answer.body[:300].decode("utf-8", "replace")
                self.errors.append(f"HTTP {answer.status}: {snippet}")


def run(*, cycles=5, writers=4, database_url=None, workdir=None, seed=None, log=print) -> dict:
    rng = random.Random(seed)  # noqa: S311 (timing jitter)
    workdir = Path(workdir or tempfile.mkdtemp(prefix="alongside-crash-"))
    workdir.mkdir(parents=True, exist_ok=True)
    scratch_db = None
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        database_url, scratch_db = _scratch_postgres(database_url)
    env = environment(workdir, database_url)
    started = time.monotonic()
    try:
        manage(env, "migrate", "--verbosity=0")
        manage(env, "collectstatic", "--noinput", "--verbosity=0")
        manage(env, "shell", "-c", SETUP.format(writers=writers, password=PASSWORD))
        server = Server(env, workdir / "server.log", workers=2, threads=4)
        log(
            f"crash test: {_describe(env['DATABASE_URL'])}, {cycles} kill -9 cycles, "
            f"{writers} concurrent writers, gunicorn on 127.0.0.1:{server.port}"
        )
        server.start()
        stop = threading.Event()
        team = [Writer(n, server.port, stop, limit=100_000) for n in range(writers)]
        for writer in team:
            writer.start()
        restarts = []
        for cycle in range(1, cycles + 1):
            # Kill only once writes are flowing again, at a random moment among them.
            floor = sum(len(w.acknowledged) for w in team) + 20
            deadline = time.monotonic() + 30
            while sum(len(w.acknowledged) for w in team) < floor and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.2, 1.5))
            before = sum(len(w.acknowledged) for w in team)
            server.kill9()
            time.sleep(rng.uniform(0.1, 0.5))
            restarts.append(server.start())
            log(
                f"  cycle {cycle}: kill -9 after {before} acknowledged writes; "
                f"back up in {restarts[-1]:.2f} s"
            )
        time.sleep(1.5)
        stop.set()
        for writer in team:
            writer.join(timeout=60)
        server.stop()
        sent = {
            "fields": FIELDS,
            "acknowledged": [w for writer in team for w in writer.acknowledged],
            "in_doubt": [w for writer in team for w in writer.in_doubt],
        }
        sent_path = workdir / "sent.json"
        sent_path.write_text(json.dumps(sent, ensure_ascii=False))
        checked = json.loads(
            manage(env, "shell", "-c", VERIFY.format(path=str(sent_path))).strip().splitlines()[-1]
        )
        server_log = (workdir / "server.log").read_text(errors="replace")
        errors = [e for writer in team for e in writer.errors]
        result = {
            "database": _describe(env["DATABASE_URL"]),
            "kills": cycles,
            "writers": writers,
            "acknowledged": len(sent["acknowledged"]),
            "in_doubt": len(sent["in_doubt"]),
            "refused_while_down": sum(w.refused for w in team),
            "http_errors": len(errors),
            "database_is_locked": server_log.count("database is locked")
            + sum("database is locked" in e for e in errors),
            "restart_seconds_max": round(max(restarts), 2),
            "seconds": round(time.monotonic() - started, 1),
            **checked,
        }
        result["problems"] = checked["problems"] + [f"server answered {e}" for e in errors[:5]]
        return result
    finally:
        if scratch_db:
            scratch_db()


def _describe(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def _scratch_postgres(url: str):
    """Create a scratch database on the server of `url`; return its URL and a dropper."""
    import psycopg
    from psycopg import sql

    name = f"alongside_crash_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    def drop():
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), drop


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--database-url", help="postgres://... (default: a new SQLite file)")
    parser.add_argument("--workdir", help="Keep the instance here (default: a temp directory).")
    options = parser.parse_args(argv)
    result = run(
        cycles=options.cycles,
        writers=options.writers,
        database_url=options.database_url,
        workdir=options.workdir,
    )
    for key, value in result.items():
        if key != "problems":
            print(f"  {key}: {value}")
    for problem in result["problems"]:
        print(f"  PROBLEM: {problem}")
    print("PASS" if not result["problems"] else "FAIL")
    return 0 if not result["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
