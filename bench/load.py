"""Load bench: 20 therapists at once against the production server, on a large practice.

1. Builds once (cached in bench/.cache/) a SQLite practice of 10,000 clients shared by 20
   therapists (500 each) with 500,000 sessions, and a session note for each session when the
   notes app has its Note model (else the sessions alone carry the volume; the output says
   which). Rows go in by executemany with ciphertexts encrypted once and reused.
2. Serves a copy of it with `alongside serve` (gunicorn, production settings over loopback
   HTTP: alongside.settings_loopback), the serve command's default workers and threads.
3. Each therapist, in their own thread and signed-in session, loops for --duration seconds
   over: their caseload, one of their clients' pages, and /healthz, a minimal Django view that
   shows what the server, the middleware and this client cost on their own, in the same run.
4. Prints p50/p95/p99 per page, each p95 as a ratio of the minimal view's, the 5xx count and
   "database is locked" count (responses and server log). Exits 1 if either is not zero.

Usage: .venv/bin/python bench/load.py [--duration 60] [--therapists 20] [--rebuild]
Loopback only (127.0.0.1).
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.loopback import Browser, Server, environment, manage, python  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
PASSWORD = "bench-password-not-secret"  # noqa: S105
P95_TARGET_MS = 500  # security.md requirement 25
NAMES = [
    "Ash", "Bea", "Chidi", "Dana", "Eun-ji", "Farah", "Gus", "Noor", "Oisín", "Priya",
    "Quinn", "Rosa", "Sol", "Tomás", "Uma", "Vik", "Wren", "Xiu", "Yara", "Zeb",
]  # fmt: skip
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


# --- Building the practice (runs in a Django process: `load.py _build DIR ...`) -----------------


def build(clients: int, sessions_per_client: int, therapists: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, models
    from django.utils import timezone

    from alongside.accounts.models import Practice, Role, User
    from alongside.clients.models import Client
    from alongside.core.crypto import keyring
    from alongside.core.fields import EncryptedTextField
    from alongside.notes.models import Attendance, Modality, Session

    ring = keyring()
    now = timezone.now()
    practice = Practice.objects.create(name="Bench practice")
    password = make_password(PASSWORD)
    staff = User.objects.bulk_create(
        User(
            username=f"bench{n:02d}",
            role=Role.THERAPIST,
            practice=practice,
            password=password,
            first_name=f"Therapist {n}",
        )
        for n in range(therapists)
    )

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

    def insert(model, count, overrides, batch=50_000):
        columns, row = filler(model, overrides)
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from models)
            model._meta.db_table, ", ".join(columns), ", ".join("?" * len(columns))
        )
        raw = connection.connection
        for start in range(0, count, batch):
            raw.executemany(sql, (row(i) for i in range(start, min(start + batch, count))))
        raw.commit()

    def pool(texts):
        return [ring.encrypt(t) for t in texts]

    connection.ensure_connection()
    connection.connection.execute("PRAGMA synchronous=OFF")  # building a cache, not serving
    stamp = now.isoformat()
    names = pool(f"{n} Bench-{i}" for i, n in enumerate(NAMES * 3))
    pronouns = pool(p for p in PRONOUNS if p) + [""]
    about = pool(["In their own words: a short self-description for the bench."])
    therapist_of = [staff[i % therapists].pk for i in range(clients)]
    insert(
        Client,
        clients,
        {
            "id": lambda i: i + 1,
            "practice": lambda i: practice.pk,
            "therapist": lambda i: therapist_of[i],
            "chosen_name": lambda i: names[i % len(names)],
            "pronouns": lambda i: pronouns[i % len(pronouns)],
            "self_description": lambda i: about[0],
            "created_at": lambda i: stamp,
            "updated_at": lambda i: stamp,
        },
    )
    total = clients * sessions_per_client
    first_day = datetime.date(2023, 1, 2)
    modalities, attendance = list(Modality.values), list(Attendance.values)
    insert(
        Session,
        total,
        {
            "id": lambda i: i + 1,
            "client": lambda i: i // sessions_per_client + 1,
            "date": lambda i: (
                first_day + datetime.timedelta(days=7 * (i % sessions_per_client))
            ).isoformat(),
            "modality": lambda i: modalities[i % len(modalities)],
            "attendance": lambda i: attendance[0] if i % 9 else attendance[i % len(attendance)],
        },
    )
    notes = _build_notes(insert, pool, total, sessions_per_client, therapist_of, stamp)
    users = {
        user.username: [user.pk, [i + 1 for i in range(clients) if therapist_of[i] == user.pk]]
        for user in staff
    }
    return {
        "clients": Client.objects.count(),
        "sessions": Session.objects.count(),
        "notes": notes,
        "therapists": {name: ids for name, (_pk, ids) in users.items()},
    }


def _build_notes(insert, pool, total, per_client, therapist_of, stamp):
    """A signed note for every session (one in fifty a draft), if the Note model exists."""
    try:
        from alongside.notes.models import Note
    except ImportError:
        return "none: the notes app has no Note model yet, so the 500,000 sessions carry the volume"
    agenda, meanings = pool(AGENDA), pool(MEANINGS)
    fields = {f.name for f in Note._meta.concrete_fields}
    overrides = {
        "id": lambda i: i + 1,
        "session": lambda i: i + 1,
        "client": lambda i: i // per_client + 1,
        "author": lambda i: therapist_of[i // per_client],
        "agenda": lambda i: agenda[i % len(agenda)],
        "meanings": lambda i: meanings[i % len(meanings)],
        "status": lambda i: "draft" if i % 50 == 49 else "signed",
        "signed_at": lambda i: None if i % 50 == 49 else stamp,
        "signed_by": lambda i: None if i % 50 == 49 else therapist_of[i // per_client],
        # Not a real content hash: the bench never runs verify_notes.
        "content_hash": lambda i: hashlib.sha256(str(i).encode()).hexdigest(),
        "created_at": lambda i: stamp,
        "updated_at": lambda i: stamp,
    }
    try:
        insert(Note, total, {k: v for k, v in overrides.items() if k in fields})
    except (LookupError, sqlite3.DatabaseError) as problem:
        return f"none: could not fill the Note model ({problem}); sessions carry the volume"
    return total


# --- Running the load -------------------------------------------------------------------------


class Therapist(threading.Thread):
    PAGES = ("caseload", "client page", "minimal view (/healthz)")

    def __init__(self, username, client_ids, port, start_at, stop_at, seed):
        super().__init__(daemon=True)
        self.username, self.client_ids, self.port = username, client_ids, port
        self.start_at, self.stop_at = start_at, stop_at
        self.rng = random.Random(seed)  # noqa: S311 (test traffic)
        self.timings = {page: [] for page in self.PAGES}
        self.statuses, self.locked, self.failures = {}, 0, []

    def run(self):
        browser = Browser(self.port, keep_alive=True, timeout=60)
        try:
            browser.sign_in(self.username, PASSWORD)
        except Exception as problem:
            self.failures.append(f"sign-in: {problem!r}")
            return
        while time.monotonic() < self.start_at:  # warm-up: every page once, not measured
            self.round(browser, measure=False)
        while time.monotonic() < self.stop_at:
            self.round(browser, measure=True)
        browser.close()

    def round(self, browser, *, measure):
        client_id = self.rng.choice(self.client_ids)
        for page, path in zip(
            self.PAGES, ("/clients/", f"/clients/{client_id}/", "/healthz"), strict=True
        ):
            try:
                answer = browser.get(path)
            except Exception as problem:
                self.failures.append(f"{path}: {problem!r}")
                continue
            if not measure:
                continue
            self.statuses[answer.status] = self.statuses.get(answer.status, 0) + 1
            self.locked += b"database is locked" in answer.body
            if answer.status == 200:
                self.timings[page].append(answer.seconds)


def percentile(values, q):
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def run(options) -> int:
    size = f"{options.clients}c-{options.sessions}s-{options.therapists}t"
    cache = CACHE / size
    built_file, env_file = cache / "built.json", cache / "env.json"
    if options.rebuild and cache.exists():
        shutil.rmtree(cache)
    if not built_file.exists():
        cache.mkdir(parents=True, exist_ok=True)
        env = environment(cache)
        keep = {
            k: env[k]
            for k in ("ALONGSIDE_SECRET_KEY", "ALONGSIDE_DATA_KEYS", "ALONGSIDE_AUDIT_KEY")
        }
        env_file.write_text(json.dumps(keep))
        env_file.chmod(0o600)
        print(f"Building the bench practice ({size}) once, into {cache} ...", flush=True)
        began = time.monotonic()
        manage(env, "migrate", "--verbosity=0")
        result = subprocess.run(
            [python(), __file__, "_build", str(options.clients),
             str(options.sessions // options.clients), str(options.therapists)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            print(result.stdout, result.stderr)
            return 2
        built = json.loads(result.stdout.strip().splitlines()[-1])
        manage(env, "index_names")  # rows went in by executemany, past the ORM's signals
        db = sqlite3.connect(cache / "alongside.sqlite3")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        built_file.write_text(json.dumps(built))
        print(f"  built in {time.monotonic() - began:.0f} s", flush=True)
    built = json.loads(built_file.read_text())

    # Serve a fresh copy each run: the run itself writes (audit events), the cache stays clean.
    run_dir = CACHE / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    source = sqlite3.connect(cache / "alongside.sqlite3")
    target = sqlite3.connect(run_dir / "alongside.sqlite3")
    source.backup(target)
    source.close()
    target.close()
    env = environment(run_dir)
    env.update(json.loads(env_file.read_text()))
    # The cache may predate migrations added since it was built; bring the copy up to date.
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    workers = options.workers or int(
        manage(env, "shell", "-c", "from alongside.ops.management.commands.serve import "
               "default_workers; print(default_workers())").strip().splitlines()[-1]
    )  # fmt: skip
    server = Server(env, run_dir / "server.log", workers=workers, threads=options.threads)
    server.start()
    try:
        names = sorted(built["therapists"])[: options.therapists]
        start_at = time.monotonic() + options.warmup + 2
        stop_at = start_at + options.duration
        team = [
            Therapist(name, built["therapists"][name], server.port, start_at, stop_at, seed=n)
            for n, name in enumerate(names)
        ]
        for therapist in team:
            therapist.start()
        for therapist in team:
            therapist.join(timeout=options.duration + options.warmup + 300)
    finally:
        server.stop()
    log = (run_dir / "server.log").read_text(errors="replace")
    return report(options, built, team, workers, log)


def report(options, built, team, workers, log) -> int:
    statuses = {}
    for therapist in team:
        for status, count in therapist.statuses.items():
            statuses[status] = statuses.get(status, 0) + count
    errors_5xx = sum(count for status, count in statuses.items() if status >= 500)
    locked = sum(t.locked for t in team) + log.count("database is locked")
    failures = [f for t in team for f in t.failures]
    requests = sum(statuses.values())
    print()
    print("Load bench: production server (gunicorn via `alongside serve`) on 127.0.0.1, SQLite")
    print(
        f"  data: {built['clients']:,} clients, {built['sessions']:,} sessions, notes: "
        + (f"{built['notes']:,}" if isinstance(built["notes"], int) else built["notes"])
    )
    print(
        f"  {len(team)} concurrent therapists (~{built['clients'] // len(built['therapists'])} "
        f"clients each), {options.duration} s measured after {options.warmup} s warm-up; "
        f"server {workers} workers x {options.threads} threads, {os.cpu_count()} CPUs, "
        "load generator on the same machine"
    )
    print(f"  {requests:,} requests ({requests / options.duration:.0f}/s); statuses {statuses}")
    print()
    timings = {page: [] for page in Therapist.PAGES}
    for therapist in team:
        for page, values in therapist.timings.items():
            timings[page].extend(values)
    minimal = timings[Therapist.PAGES[-1]]
    base, base50 = percentile(minimal, 95), percentile(minimal, 50)
    print(f"  {'page':<26}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'p50 / minimal':>15}{'p95 / minimal':>15}")  # fmt: skip
    for page in Therapist.PAGES:
        values = timings[page]
        p95 = percentile(values, 95)
        print(
            f"  {page:<26}{len(values):>7}{1000 * percentile(values, 50):>9.1f}"
            f"{1000 * p95:>9.1f}{1000 * percentile(values, 99):>9.1f}"
            f"{1000 * max(values, default=float('nan')):>9.1f}"
            f"{percentile(values, 50) / base50:>14.1f}x{p95 / base:>14.1f}x"
        )
    print()
    slowest = max(percentile(timings[p], 95) for p in Therapist.PAGES[:2])
    print(f"  5xx responses: {errors_5xx}")
    print(f'  "database is locked": {locked} (responses and server log)')
    print(f"  client-side failures (timeouts, resets): {len(failures)}")
    for failure in failures[:5]:
        print(f"    {failure}")
    print(
        f"  p95 target {P95_TARGET_MS} ms (security.md #25): "
        + ("met" if slowest * 1000 < P95_TARGET_MS else f"NOT met ({slowest * 1000:.0f} ms)")
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  machine load average (1, 5, 15 min) at the end: {load} on {os.cpu_count()} CPUs")
    ok = errors_5xx == 0 and locked == 0 and not failures
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_build":
        clients, per_client, therapists = (int(a) for a in argv[1:4])
        print(json.dumps(build(clients, per_client, therapists)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--sessions", type=int, default=500_000)
    parser.add_argument("--therapists", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="Seconds measured (60).")
    parser.add_argument("--warmup", type=int, default=5, help="Seconds before measuring (5).")
    parser.add_argument("--workers", type=int, help="gunicorn workers (serve's default).")
    parser.add_argument("--threads", type=int, default=4, help="Threads per worker (4).")
    parser.add_argument("--rebuild", action="store_true", help="Build the cached data again.")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
