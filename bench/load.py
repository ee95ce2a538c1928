"""Load bench: the production server on a large practice, one person at a time and 20 at once.

The practice (built once, cached outside the repository, resumable if interrupted):
  --clients clients (10,000) with --sessions sessions (500,000) and a signed note for each
  session when the notes app has its Note model, plus a small therapist with 50 clients of
  their own. Rows go in by executemany (SQLite) or COPY (PostgreSQL), ciphertexts encrypted
  once and reused, then `alongside index_names` builds the blind name index.

Each run serves a fresh copy with `alongside serve` (gunicorn, production settings over
loopback HTTP: alongside.settings_loopback) and measures, in the same run:

  1. Size: one therapist who sees all --clients clients and one who sees 50, and their
     supervisors, one request at a time: every list page (the caseload by name, by last
     session, its last page; the supervision view and its last page; search by name) and a
     client's page. Each page's p50 as a ratio of the minimal view's (/healthz: what the
     server, the middleware and this client cost on their own) and of the same page at 50.
     The minimal view's p50 is over all its requests in this part: each of the four people
     asks for it at the start of their turn in every round. Asked by one person only, its
     20-sample p50 moved from 2.0 to 3.3 ms between two people in the same run, and that
     one figure set every ratio.
     Targets (issue 19): list pages <= 10x the minimal view and <= 2x the same page at 50
     clients; the client page <= 5x.
  2. Concurrency: --therapists therapists (20) at once, each with --clients/--therapists
     clients (500) and a supervisor, each looping over all the pages for --duration seconds;
     then the same people asking only for the minimal view for as long. Nobody pauses: the
     server is saturated, so these figures are its capacity. Targets: every page's p95 <= 3x
     the minimal view's p95 in the mixed run; total throughput >= 60% of the minimal-only
     run's.
  3. At a person's pace: the same therapists and supervisors, each on their own, pausing 1
     to 3 s between pages as someone reading does (what a locust run with between(1, 3)
     does), for --duration seconds. Target (security.md #25): p95 of every page < 500 ms.

Prints the figures and the targets met or missed, the 5xx count and "database is locked"
count (responses and server log). Exits 1 on any error or missed target.

Usage:
  .venv/bin/python bench/load.py                       # 10,000 clients, SQLite
  .venv/bin/python bench/load.py --database postgres   # the same on PostgreSQL it starts
  .venv/bin/python bench/load.py --clients 2000 --sessions 40000 --duration 15   # quicker
Cache: --cache DIR or $ALONGSIDE_BENCH_CACHE (default /var/tmp/alongside-bench). --rebuild
builds again. Loopback only (127.0.0.1).
"""

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import random
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.loopback import Browser, Server, environment, manage, python  # noqa: E402

BUILD_VERSION = 2  # bump when the build's data changes shape: older caches are not reused
DEFAULT_CACHE = Path(os.environ.get("ALONGSIDE_BENCH_CACHE", "/var/tmp/alongside-bench"))
PG_USER = "alongside_bench"  # PostgreSQL refuses to run as root (as in .ci/run step 7)
PASSWORD = "bench-password-not-secret"  # noqa: S105
SMALL = 50  # the small therapist's clients
PER_PAGE = 50
P95_TARGET_MS = 500  # security.md requirement 25
PAUSE = (1.0, 3.0)  # seconds a person reads a page before the next (locust's between(1, 3))
LIST_TARGET, LIST_VS_SMALL, CLIENT_TARGET = 10.0, 2.0, 5.0
P95_VS_MINIMAL, THROUGHPUT_SHARE = 3.0, 0.60
NAMES = [
    "Ash", "Bea", "Chidi", "Dana", "Eun-ji", "Farah", "Gus", "Noor", "Oisín", "Priya",
    "Quinn", "Rosa", "Sol", "Tomás", "Uma", "Vik", "Wren", "Xiu", "Yara", "Zeb",
]  # fmt: skip
SEARCH_FOR = "noo"  # matches one name in twenty
PRONOUNS = ["she/her", "he/him", "they/them", "ze/zir", ""]
AGENDA = [
    "Wanted to talk about the housing letter and how it felt to wait again.",
    "Came in tired after a night shift; we kept it short and gentle.",
    "Talked about her mother's care and what she needs for herself.",
    "Looked at the work situation through what has happened to him before.",
    "Wanted to plan for the family visit and the questions that come with it.",
]
MEANINGS = [
    "Connected the tiredness to years of having to explain himself.",
    "Named how the system's delays land on her body, not only her mind.",
    "Saw that staying quiet at work has been a way of staying safe.",
]


# --- Building the practice (in a Django process: `load.py _build CLIENTS PER_CLIENT TEAM`) -------


def build(clients: int, per_client: int, team: int) -> dict:
    """Fill the database, resuming where an interrupted build stopped: each table's rows go
    in by batches with ids 1, 2, ..., each batch committed, so a table's row count says
    where to go on from."""
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, models, transaction
    from django.utils import timezone

    from alongside.accounts.models import Practice, Role, User
    from alongside.clients.models import Client
    from alongside.core.crypto import keyring
    from alongside.core.fields import EncryptedTextField
    from alongside.notes.models import Attendance, Modality, Session

    ring = keyring()
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():  # the people, all at once or not at all
        practice = Practice.objects.filter(name="Bench practice").first()
        if practice is None:
            practice = Practice.objects.create(name="Bench practice")
            password = make_password(PASSWORD)
            people = [("big", Role.THERAPIST), ("small", Role.THERAPIST)]
            people += [("sup-big", Role.SUPERVISOR), ("sup-small", Role.SUPERVISOR)]
            people += [(f"t{n:02d}", Role.THERAPIST) for n in range(team)]
            people += [(f"s{n:02d}", Role.SUPERVISOR) for n in range(team)]
            User.objects.bulk_create(
                User(
                    username=name,
                    role=role,
                    practice=practice,
                    password=password,
                    first_name=f"Bench {name}",
                )  # fmt: skip
                for name, role in people
            )
    staff = {user.username: user for user in User.objects.filter(practice=practice)}
    User.objects.filter(pk=staff["big"].pk).update(supervisor=staff["sup-big"])
    User.objects.filter(pk=staff["small"].pk).update(supervisor=staff["sup-small"])

    def filler(model, overrides):
        """(columns, row maker) for raw inserts: `overrides` give values by field name
        (callables of the row number); every other field gets its default, NULL or blank,
        so fields added by other apps later still fill in."""
        columns, makers = [], []
        for field in model._meta.concrete_fields:
            columns.append(field.column)
            if field.name in overrides:
                makers.append(overrides[field.name])
                continue
            if field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif isinstance(field, models.DateTimeField):
                value = now
            elif isinstance(field, models.DateField):
                value = now.date()
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise LookupError(f"{model.__name__}.{field.name} needs a value")
            if isinstance(field, EncryptedTextField):
                prepared = ring.encrypt(value) if value else value
            else:
                prepared = field.get_db_prep_save(value, connection)
            makers.append(lambda i, v=prepared: v)
        return columns, lambda i: tuple(make(i) for make in makers)

    def insert(model, count, overrides, batch=20_000):
        """Rows 0..count-1 (ids 1..count), going on from the rows already there."""
        table = model._meta.db_table
        done = model.objects.count()
        columns, row = filler(model, overrides)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        raw = connection.connection
        for start in range(done, count, batch):
            rows = (row(i) for i in range(start, min(start + batch, count)))
            if postgres:
                with (
                    raw.cursor() as cursor,
                    cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
                ):
                    for values in rows:
                        copy.write_row(values)
            else:
                marks = ", ".join("?" * len(columns))
                raw.execute("BEGIN")  # Django's connection autocommits: one transaction a batch
                raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
            raw.commit()
            print(
                f"  {table}: {min(start + batch, count):,} / {count:,}", file=sys.stderr, flush=True
            )
        if postgres:  # explicit ids: move the id sequence past them
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )

    def pool(texts):
        return [ring.encrypt(t) for t in texts]

    connection.ensure_connection()
    if not postgres:
        connection.connection.execute("PRAGMA synchronous=OFF")  # a cache, not a live server
    stamp = now.isoformat()
    names = pool(f"{n} Bench-{i}" for i, n in enumerate(NAMES * 3))
    pronouns = pool(p for p in PRONOUNS if p) + [""]
    about = pool(["In their own words: a short self-description for the bench."])
    total_clients = clients + SMALL
    # Everyone starts with the big therapist; the small one's 50 come last. The concurrency
    # part hands them out (see prepare()).
    owner = [staff["big"].pk] * clients + [staff["small"].pk] * SMALL
    insert(
        Client,
        total_clients,
        {
            "id": lambda i: i + 1,
            "practice": lambda i: practice.pk,
            "therapist": lambda i: owner[i],
            "chosen_name": lambda i: names[i % len(names)],
            "pronouns": lambda i: pronouns[i % len(pronouns)],
            "self_description": lambda i: about[0],
            "created_at": lambda i: stamp,
            "updated_at": lambda i: stamp,
        },
    )
    total = total_clients * per_client
    first_day = datetime.date(2023, 1, 2)
    modalities, attendance = list(Modality.values), list(Attendance.values)
    insert(
        Session,
        total,
        {
            "id": lambda i: i + 1,
            "client": lambda i: i // per_client + 1,
            "date": lambda i: (
                first_day + datetime.timedelta(days=7 * (i % per_client) + i // per_client % 7)
            ).isoformat(),
            "modality": lambda i: modalities[i % len(modalities)],
            "attendance": lambda i: attendance[0] if i % 9 else attendance[i % len(attendance)],
        },
    )
    notes = _build_notes(insert, pool, total, per_client, owner, stamp)
    connection.connection.commit()
    return {
        "clients": clients,
        "sessions": Session.objects.count(),
        "notes": notes,
    }


def _build_notes(insert, pool, total, per_client, owner, stamp):
    """A signed note for every session (one in fifty a draft), if the Note model exists."""
    try:
        from alongside.notes.models import Note
    except ImportError:
        return "none: the notes app has no Note model yet, so the sessions carry the volume"
    agenda, meanings = pool(AGENDA), pool(MEANINGS)
    fields = {f.name for f in Note._meta.concrete_fields}
    overrides = {
        "id": lambda i: i + 1,
        "session": lambda i: i + 1,
        "client": lambda i: i // per_client + 1,
        "author": lambda i: owner[i // per_client],
        "agenda": lambda i: agenda[i % len(agenda)],
        "meanings": lambda i: meanings[i % len(meanings)],
        "status": lambda i: "draft" if i % 50 == 49 else "signed",
        "signed_at": lambda i: None if i % 50 == 49 else stamp,
        "signed_by": lambda i: None if i % 50 == 49 else owner[i // per_client],
        # Not a real content hash: the bench never runs verify_notes.
        "content_hash": lambda i: hashlib.sha256(str(i).encode()).hexdigest(),
        "created_at": lambda i: stamp,
        "updated_at": lambda i: stamp,
    }
    insert(Note, total, {k: v for k, v in overrides.items() if k in fields})
    return total


def prepare(clients: int, team: int, part: str) -> None:
    """Who sees what, in the run's copy: for the size part the big therapist holds all the
    clients; for the concurrency part each of `team` therapists holds a block of them, and
    each has a supervisor of their own."""
    import django

    django.setup()
    from alongside.accounts.models import User
    from alongside.clients.models import Client

    staff = {u.username: u for u in User.objects.filter(practice__name="Bench practice")}
    bring_up_to_date()
    if part == "size":
        Client.objects.filter(pk__lte=clients).update(therapist=staff["big"])
    else:
        block = clients // team
        for n in range(team):
            therapist = staff[f"t{n:02d}"]
            Client.objects.filter(pk__gt=n * block, pk__lte=(n + 1) * block).update(
                therapist=therapist
            )
            User.objects.filter(pk=therapist.pk).update(supervisor=staff[f"s{n:02d}"])
    settle()


def settle() -> None:
    """On PostgreSQL, vacuum and analyse what the migrations and the lines above rewrote (a
    million rows): otherwise autovacuum does it while the pages are measured, and the
    planner plans with the statistics of the build. A practice at work is in that settled
    state; SQLite has no autovacuum and keeps no statistics unless asked."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def bring_up_to_date() -> None:
    """Move the practice's history so its last sessions were this week, each note signed the
    day after its session, as in a practice at work: "recent" (what waits for a supervisor's
    review, the last four weeks) then means the same whenever the cache was built. Built
    rows were all stamped with the build's time, which made every note "signed today".
    Each client's last session date is set from the moved sessions (the rows went in, and
    move, past the ORM's signals)."""
    from django.db import connection, transaction
    from django.db.models import Max

    from alongside.notes import last_session
    from alongside.notes.models import Session

    last = Session.objects.aggregate(last=Max("date"))["last"]
    shift = (datetime.date.today() - datetime.timedelta(days=1) - last).days if last else 0
    sqlite = connection.vendor == "sqlite"
    with transaction.atomic(), connection.cursor() as cursor:
        if shift:
            cursor.execute(
                "UPDATE notes_session SET date = date(date, %s)" if sqlite
                else "UPDATE notes_session SET date = date + %s",
                [f"{shift:+d} days" if sqlite else shift],
            )  # fmt: skip
        cursor.execute(
            "UPDATE notes_note SET signed_at = (SELECT datetime(s.date, '+41 hours') FROM "
            "notes_session s WHERE s.id = notes_note.session_id) WHERE signed_at IS NOT NULL"
            if sqlite
            else "UPDATE notes_note n SET signed_at = (s.date + interval '41 hours') AT TIME ZONE "
            "'UTC' FROM notes_session s WHERE s.id = n.session_id AND n.signed_at IS NOT NULL"
        )  # fmt: skip
        last_session.refresh()


# --- PostgreSQL, started by the bench --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Postgres:
    """A PostgreSQL server of the bench's own on 127.0.0.1, its data in `data`; run as a
    system user (no login, no home) when the bench runs as root, as .ci/run does."""

    def __init__(self, data: Path, password: str):
        self.data, self.password, self.port = data, password, free_port()
        self.user = None
        if os.geteuid() == 0:
            self.user = PG_USER
            if subprocess.run(["id", "-u", PG_USER], capture_output=True).returncode != 0:
                subprocess.run(
                    ["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                     "--shell", "/usr/sbin/nologin", PG_USER],
                    check=True,
                )  # fmt: skip

    def _as_user(self, *command, **kwargs):
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        done = subprocess.run(
            [*prefix, *command], cwd=self.data.parent, capture_output=True, text=True, **kwargs
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def own(self, path: Path) -> None:
        if self.user:
            shutil.chown(path, self.user)

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        self.data.parent.chmod(0o755)
        secret = self.data.parent / "superuser-password"
        secret.write_text(self.password + "\n")
        secret.chmod(0o600)
        self.own(secret)
        self.make_data_dir()
        self._as_user(
            "initdb", "-D", str(self.data), "-U", "postgres", f"--pwfile={secret}",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        secret.unlink()

    def make_data_dir(self) -> None:
        self.data.mkdir(mode=0o700)
        self.own(self.data)

    def start(self) -> None:
        socket_dir = self.data.parent / "socket"
        socket_dir.mkdir(exist_ok=True)
        self.own(socket_dir)
        log = self.data.parent / "postgres.log"
        log.touch()
        self.own(log)
        # fsync off: a throwaway server, so speed over crash safety (as in CI).
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {socket_dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._as_user(
            "pg_ctl", "-D", str(self.data), "-l", str(log),
            "-w", "-t", "120", "-o", options, "start",
        )  # fmt: skip

    def create_database(self) -> None:
        """A role like production's (no superuser) owning the database, as .ci/run makes."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
            password=self.password, autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(
                sql.SQL("CREATE ROLE alongside LOGIN PASSWORD {}").format(
                    sql.Literal(self.password)
                )
            )
            conn.execute("CREATE DATABASE alongside OWNER alongside")

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._as_user("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://alongside:{self.password}@127.0.0.1:{self.port}/alongside"


# --- The cache --------------------------------------------------------------------------------


def cached_build(options) -> tuple[Path, dict, dict]:
    """The built practice for these options: (cache dir, its keys, what was built), built now
    if need be. A build that was interrupted goes on where it stopped."""
    size = (
        f"v{BUILD_VERSION}-{options.database}-{options.clients}c-{options.sessions}s-"
        f"{options.therapists}t"
    )
    cache = options.cache / size
    built_file, env_file = cache / "built.json", cache / "env.json"
    if options.rebuild and cache.exists():
        shutil.rmtree(cache)
    if built_file.exists():
        return cache, json.loads(env_file.read_text()), json.loads(built_file.read_text())
    cache.mkdir(parents=True, exist_ok=True)
    cache.chmod(0o755)
    if not env_file.exists():
        env = environment(cache)
        keep = {
            k: env[k]
            for k in ("ALONGSIDE_SECRET_KEY", "ALONGSIDE_DATA_KEYS", "ALONGSIDE_AUDIT_KEY")
        }
        keep["pg_password"] = secrets.token_hex(16)
        env_file.write_text(json.dumps(keep))
        env_file.chmod(0o600)
    keys = json.loads(env_file.read_text())
    print(f"Building the bench practice ({size}) once, into {cache} ...", flush=True)
    began = time.monotonic()
    with database(options.database, cache, keys) as env:
        manage(env, "migrate", "--verbosity=0")
        per_client = options.sessions // options.clients
        result = subprocess.run(
            [python(), __file__, "_build", str(options.clients), str(per_client),
             str(options.therapists)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(
                f"The build failed (run again to go on from where it stopped):\n{result.stdout}"
            )
        built = json.loads(result.stdout.strip().splitlines()[-1])
        manage(env, "index_names", timeout=3600)  # rows went in past the ORM's signals
        if options.database == "sqlite":
            db = sqlite3.connect(cache / "alongside.sqlite3")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
    built_file.write_text(json.dumps(built))
    print(f"  built in {time.monotonic() - began:.0f} s", flush=True)
    return cache, keys, built


@contextlib.contextmanager
def database(kind: str, home: Path, keys: dict, *, copy_from: Path | None = None):
    """An environment whose database is in `home` (a SQLite file, or a PostgreSQL data dir
    with its server running until the block ends), copied first from `copy_from`."""
    if kind == "sqlite":
        env = environment(home)
    else:  # the app keeps its var dir private (0700): the server's user needs home open
        home.chmod(0o755)
        (home / "var").mkdir(exist_ok=True)
        env = environment(home / "var")
    env.update({k: v for k, v in keys.items() if k.startswith("ALONGSIDE_")})
    if kind == "sqlite":
        if copy_from is not None:
            source = sqlite3.connect(copy_from / "alongside.sqlite3")
            target = sqlite3.connect(home / "alongside.sqlite3")
            source.backup(target)
            source.close()
            target.close()
        yield env
        return
    server = Postgres(home / "pgdata", keys["pg_password"])
    if copy_from is not None:
        subprocess.run(["cp", "-a", str(copy_from / "pgdata"), str(home / "pgdata")], check=True)
        home.chmod(0o755)
    fresh = copy_from is None and not (home / "pgdata" / "PG_VERSION").exists()
    if fresh:
        shutil.rmtree(home / "pgdata", ignore_errors=True)
        server.init()
    server.start()
    if fresh:
        server.create_database()
    try:
        env["DATABASE_URL"] = server.url
        yield env
    finally:
        server.stop()


# --- Measuring --------------------------------------------------------------------------------


class Person:
    """One signed-in person and the pages they ask for, by name."""

    def __init__(self, username, port, pages):
        self.browser = Browser(port, keep_alive=True, timeout=120)
        self.browser.sign_in(username, PASSWORD)
        self.pages = pages  # [(name, method, path, fields)]

    def ask(self, method, path, fields):
        if method == "POST":
            return self.browser.post(path, fields)
        return self.browser.get(path)


def therapist_pages(clients: int, client_ids: list[int], rng) -> list:
    last = max(1, -(-clients // PER_PAGE))
    return [
        ("caseload", "GET", "/clients/", None),
        ("caseload, most recent first", "GET", "/clients/?order=recent", None),
        ("caseload, last page", "GET", f"/clients/?page={last}", None),
        ("search by name", "POST", "/clients/search/", {"q": SEARCH_FOR}),
        ("client page", "GET", lambda: f"/clients/{rng.choice(client_ids)}/", None),
    ]


def supervisor_pages(clients: int) -> list:
    last = max(1, -(-(clients + 1) // PER_PAGE))
    return [
        ("supervision view", "GET", "/clients/supervision/", None),
        ("supervision view, last page", "GET", f"/clients/supervision/?page={last}", None),
        ("search by name (supervisor)", "POST", "/clients/search/", {"q": SEARCH_FOR}),
    ]


MINIMAL = ("minimal view (/healthz)", "GET", "/healthz", None)
CLIENT_PAGES = {"client page"}


class Tally:
    def __init__(self):
        self.timings, self.statuses, self.locked, self.failures = {}, {}, 0, []
        self.lock = threading.Lock()

    def add(self, page, answer):
        with self.lock:
            self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1
            self.locked += b"database is locked" in answer.body
            if answer.status == 200:
                self.timings.setdefault(page, []).append(answer.seconds)
            elif len(self.failures) < 20:
                self.failures.append(f"{page}: HTTP {answer.status}")

    def fail(self, page, problem):
        with self.lock:
            self.failures.append(f"{page}: {problem!r}")


def visit(person, page, tally, measure=True):
    name, method, path, fields = page
    path = path() if callable(path) else path
    try:
        answer = person.ask(method, path, fields)
    except Exception as problem:  # noqa: BLE001 (counted and reported)
        tally.fail(name, problem)
        return
    if measure:
        tally.add(name, answer)


def percentile(values, q):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def serve(env, run_dir, options):
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    workers = options.workers or int(
        manage(env, "shell", "-c", "from alongside.ops.management.commands.serve import "
               "default_workers; print(default_workers())").strip().splitlines()[-1]
    )  # fmt: skip
    server = Server(env, run_dir / "server.log", workers=workers, threads=options.threads)
    server.start()
    return server, workers


def size_part(env, run_dir, options) -> tuple[Tally, Tally]:
    """One request at a time: the big caseload's people, then the small one's, round after
    round, so both see the same machine."""
    subprocess.run(
        [python(), __file__, "_prepare", str(options.clients), str(options.therapists), "size"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server, _workers = serve(env, run_dir, options)
    rng = random.Random(19)  # noqa: S311 (test traffic)
    big_ids = list(range(1, options.clients + 1))
    small_ids = list(range(options.clients + 1, options.clients + SMALL + 1))
    try:
        people = {
            "big": [
                Person(
                    "big", server.port, [MINIMAL, *therapist_pages(options.clients, big_ids, rng)]
                ),
                Person("sup-big", server.port, [MINIMAL, *supervisor_pages(options.clients)]),
            ],
            "small": [
                Person("small", server.port, [MINIMAL, *therapist_pages(SMALL, small_ids, rng)]),
                Person("sup-small", server.port, [MINIMAL, *supervisor_pages(SMALL)]),
            ],
        }
        tallies = {"big": Tally(), "small": Tally()}
        for n in range(options.rounds + 2):  # two rounds of warm-up
            for size, team in people.items():
                for person in team:
                    for page in person.pages:
                        visit(person, page, tallies[size], measure=n >= 2)
    finally:
        server.stop()
    return tallies["big"], tallies["small"]


def concurrency_part(env, run_dir, options) -> tuple[Tally, Tally, float, float, int]:
    subprocess.run(
        [python(), __file__, "_prepare", str(options.clients), str(options.therapists), "team"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    server, workers = serve(env, run_dir, options)
    block = options.clients // options.therapists
    try:
        mixed, minimal = Tally(), Tally()
        people = []
        for n in range(options.therapists):
            rng = random.Random(n)  # noqa: S311 (test traffic)
            ids = list(range(n * block + 1, (n + 1) * block + 1))
            therapist = Person(
                f"t{n:02d}", server.port, [MINIMAL, *therapist_pages(block, ids, rng)]
            )
            supervisor = Person(f"s{n:02d}", server.port, supervisor_pages(block))
            people.append((therapist, supervisor))

        def loop(stop_at, pair, tally, only_minimal):
            therapist, supervisor = pair
            while time.monotonic() < stop_at:
                if only_minimal:
                    visit(therapist, MINIMAL, tally)
                    continue
                for person in pair:
                    for page in person.pages:
                        visit(person, page, tally)

        def run_all(tally, only_minimal):
            for pair in people:  # warm-up: every page once, not measured
                for person in pair:
                    for page in person.pages:
                        visit(person, page, Tally())
            return together(
                loop, [(pair, tally, only_minimal) for pair in people], options.duration
            )

        mixed_seconds = run_all(mixed, only_minimal=False)
        minimal_seconds = run_all(minimal, only_minimal=True)
        paced = Tally()
        paced_seconds = at_a_persons_pace([p for pair in people for p in pair], paced, options)
    finally:
        server.stop()
    return mixed, minimal, mixed_seconds, minimal_seconds, workers, paced, paced_seconds


def at_a_persons_pace(people, tally, options) -> float:
    """Everyone at once, each in their own thread, pausing between pages like a reader."""

    def loop(stop_at, person, rng):
        while time.monotonic() < stop_at:
            for page in person.pages:
                time.sleep(rng.uniform(*PAUSE))
                if time.monotonic() >= stop_at:
                    return
                visit(person, page, tally)

    rngs = [random.Random(n) for n in range(len(people))]  # noqa: S311 (test traffic)
    return together(loop, list(zip(people, rngs, strict=True)), options.duration)


def together(loop, argsets, duration) -> float:
    """loop(stop_at, *args) in a thread per argset, all at once, for `duration` seconds;
    the seconds it took."""
    began = time.monotonic()
    threads = [
        threading.Thread(target=loop, args=(began + duration, *args), daemon=True)
        for args in argsets
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 600)
    return time.monotonic() - began


def run(options) -> int:
    cache, keys, built = cached_build(options)
    if options.build_only:
        return 0
    # Each run serves a fresh copy: the run itself writes (audit events); the cache stays clean.
    with tempfile.TemporaryDirectory(prefix="alongside-bench-run-", dir=options.cache) as tmp:
        run_dir = Path(tmp)
        run_dir.chmod(0o755)
        with database(options.database, run_dir, keys, copy_from=cache) as env:
            try:  # the cache may predate new migrations
                manage(env, "migrate", "--verbosity=0")
            except RuntimeError as problem:
                if options.rebuild:
                    raise
                # Migrations renamed or renumbered since the build can't apply to its copy.
                print(f"The cached practice can't be migrated ({problem}); building it again.")
                stale = True
            else:
                stale = False
                big, small = size_part(env, run_dir, options)
                *concurrency, workers, paced, paced_s = concurrency_part(env, run_dir, options)
        log = (run_dir / "server.log").read_text(errors="replace") if not stale else ""
    if stale:
        options.rebuild = True
        return run(options)
    return report(options, built, big, small, concurrency, (paced, paced_s), workers, log)


def report(options, built, big, small, concurrency, pace, workers, log) -> int:
    mixed, minimal, mixed_s, minimal_s = concurrency
    paced, paced_s = pace
    tallies = (big, small, mixed, minimal, paced)
    statuses = {}
    for tally in tallies:
        for status, count in tally.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    errors_5xx = sum(count for status, count in statuses.items() if status >= 500)
    locked = sum(t.locked for t in tallies) + log.count("database is locked")
    failures = [f for t in tallies for f in t.failures]
    missed = []
    engine = "PostgreSQL 15" if options.database == "postgres" else "SQLite"
    print()
    print(f"Load bench: production server (gunicorn via `alongside serve`) on 127.0.0.1, {engine}")
    print(
        f"  data: {built['clients']:,} clients (+{SMALL} of a small therapist), "
        f"{built['sessions']:,} sessions, notes: "
        + (f"{built['notes']:,}" if isinstance(built["notes"], int) else built["notes"])
    )
    print(
        f"  server {workers} workers x {options.threads} threads, {os.cpu_count()} CPUs, "
        "load generator on the same machine"
    )
    every_minimal = big.timings[MINIMAL[0]] + small.timings[MINIMAL[0]]
    base = percentile(every_minimal, 50)
    print()
    print(f"1. Size: one request at a time, {options.rounds} rounds; p50 over the minimal view's "
          f"p50 ({1000 * base:.1f} ms over all {len(every_minimal)} of its requests, "
          f"those of the big and the small practice's people alike) and over the same page "
          f"at {SMALL} clients")  # fmt: skip
    print(f"  {'page':<30}{'n':>5}{'p50 ms':>9}{'@' + str(SMALL) + ' ms':>9}{'/ minimal':>11}"
          f"{'/ @' + str(SMALL):>8}  target")  # fmt: skip
    for name in big.timings:
        values, at_small = big.timings[name], small.timings.get(name, [])
        p50, p50_small = percentile(values, 50), percentile(at_small, 50)
        vs_min, vs_small = p50 / base, p50 / p50_small
        if name == MINIMAL[0]:
            verdict = ""
        elif name in CLIENT_PAGES:
            verdict = f"<= {CLIENT_TARGET:g}x: " + ("met" if vs_min <= CLIENT_TARGET else "MISSED")
            if vs_min > CLIENT_TARGET:
                missed.append(f"{name} {vs_min:.1f}x the minimal view")
        else:
            ok = vs_min <= LIST_TARGET and vs_small <= LIST_VS_SMALL
            verdict = f"<= {LIST_TARGET:g}x, <= {LIST_VS_SMALL:g}x @{SMALL}: " + (
                "met" if ok else "MISSED"
            )
            if not ok:
                missed.append(f"{name} {vs_min:.1f}x the minimal view, {vs_small:.1f}x @{SMALL}")
        print(
            f"  {name:<30}{len(values):>5}{1000 * p50:>9.1f}{1000 * p50_small:>9.1f}"
            f"{vs_min:>10.1f}x{vs_small:>7.1f}x  {verdict}"
        )
    print()
    mixed_rate = sum(len(v) for v in mixed.timings.values()) / mixed_s
    minimal_rate = sum(len(v) for v in minimal.timings.values()) / minimal_s
    base95 = percentile(mixed.timings.get(MINIMAL[0], []), 95)
    block = options.clients // options.therapists
    print(f"2. Concurrency: {options.therapists} therapists ({block:,} clients each) and their "
          f"supervisors at once, {options.duration} s each run")  # fmt: skip
    print(
        f"  {'page':<30}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'p95 / minimal':>15}  target"
    )
    for name, values in mixed.timings.items():
        p95 = percentile(values, 95)
        ok = p95 <= P95_VS_MINIMAL * base95
        if not ok:
            missed.append(
                f"{name} p95 {p95 / base95:.1f}x the minimal view's at {options.therapists}"
            )
        print(
            f"  {name:<30}{len(values):>6}{1000 * percentile(values, 50):>9.1f}"
            f"{1000 * p95:>9.1f}{1000 * percentile(values, 99):>9.1f}{p95 / base95:>14.1f}x  "
            + (
                ""
                if name == MINIMAL[0]
                else f"<= {P95_VS_MINIMAL:g}x: " + ("met" if ok else "MISSED")
            )
        )
    share = mixed_rate / minimal_rate
    if share < THROUGHPUT_SHARE:
        missed.append(f"throughput {share:.0%} of the minimal view's")
    print(
        f"  throughput: {mixed_rate:.0f} requests/s over all pages, {minimal_rate:.0f}/s asking "
        f"only for the minimal view: {share:.0%} (target >= {THROUGHPUT_SHARE:.0%}: "
        + ("met)" if share >= THROUGHPUT_SHARE else "MISSED)")
    )
    print()
    people = 2 * options.therapists
    print(f"3. At a person's pace: {options.therapists} therapists and their supervisors "
          f"({people} people), each pausing {PAUSE[0]:g} to {PAUSE[1]:g} s between pages, "
          f"{options.duration} s")  # fmt: skip
    print(f"  {'page':<30}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  target")
    for name, values in paced.timings.items():
        p95 = percentile(values, 95)
        ok = p95 * 1000 < P95_TARGET_MS
        if not ok:
            missed.append(f"{name} p95 {p95 * 1000:.0f} ms at a person's pace")
        print(
            f"  {name:<30}{len(values):>6}{1000 * percentile(values, 50):>9.1f}"
            f"{1000 * p95:>9.1f}{1000 * percentile(values, 99):>9.1f}  "
            f"< {P95_TARGET_MS} ms (security.md #25): " + ("met" if ok else "MISSED")
        )
    served = sum(len(v) for v in paced.timings.values())
    print(f"  {served / paced_s:.1f} requests/s in all")
    print()
    print(f"  statuses {statuses}; 5xx responses: {errors_5xx}")
    print(f'  "database is locked": {locked} (responses and server log)')
    print(f"  client-side failures (timeouts, resets, non-200): {len(failures)}")
    for failure in failures[:5]:
        print(f"    {failure}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  machine load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} CPUs")
    for miss in missed:
        print(f"  MISSED: {miss}")
    ok = errors_5xx == 0 and locked == 0 and not failures
    print("PASS" if ok and not missed else ("FAIL: targets missed" if ok else "FAIL: errors"))
    return 0 if ok and not missed else 1


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_build":
        clients, per_client, team = (int(a) for a in argv[1:4])
        print(json.dumps(build(clients, per_client, team)))
        return 0
    if argv and argv[0] == "_prepare":
        prepare(int(argv[1]), int(argv[2]), argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10_000, help="Clients (10,000).")
    parser.add_argument("--sessions", type=int, default=500_000, help="Sessions (500,000).")
    parser.add_argument(
        "--therapists", type=int, default=20, help="Therapists at once in part 2 (20)."
    )
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=20, help="Rounds measured in part 1 (20).")
    parser.add_argument("--duration", type=int, default=30, help="Seconds per run in part 2 (30).")
    parser.add_argument("--workers", type=int, help="gunicorn workers (serve's default).")
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker (4).")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="Where builds are kept.")
    parser.add_argument("--rebuild", action="store_true", help="Build the cached data again.")
    parser.add_argument("--build-only", action="store_true", help="Build (or finish) the cache.")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
