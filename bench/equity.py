"""Equity report bench: the whole report at 10,000 clients, against a minimal view.

1. Builds once (cached in bench/.cache/equity/) a SQLite practice of --clients invented
   clients (default 10,000) shared by 20 therapists and a supervisor, with a year of
   sessions, session feedback, PHQ-9 scores, rupture prompts and experiences, made by the
   same code as `seed_demo --clients N` (alongside.equity.demo.seed_large).
2. In one process, times (median, i.e. p50, of --runs) through Django's test client:
   /healthz (what a request costs on its own) and a small signed-in page (the equity
   settings: session, second factor, a form); the report built for the admin (the
   practice), for a therapist (their caseload beside the practice) and by two dimensions;
   and the report pages themselves. Also, once each: the first report with nothing kept
   and nothing in memory (a new practice, a new server process), and the report after one
   questionnaire was saved again (the kept numbers brought up to date). The kept numbers
   are in the bench database, so a run's later reports read them.
3. Prints the times (wall and CPU: on a shared machine the CPU time says what the report
   itself costs), each as a multiple of /healthz's and of the signed-in page's, and the
   query counts. Exits 1 if the report's query count differs between the admin's and the
   therapist's beyond the caseload's fixed extra queries, or if any run fails.

The same file runs against code from before the numbers were kept (it then skips
forgetting them), to compare in one sitting.

Usage: /work/main/.venv/bin/python bench/equity.py [--clients 10000] [--runs 5] [--rebuild]
"""

import argparse
import os
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache" / "equity"


def _setup(clients: int, rebuild: bool) -> Path:
    var = CACHE / f"{clients}"
    if rebuild and var.exists():
        shutil.rmtree(var)
    fresh = not (var / "built").exists()
    var.mkdir(parents=True, exist_ok=True)
    os.environ["ALONGSIDE_VAR_DIR"] = str(var)
    os.environ.setdefault("ALONGSIDE_DATA_KEYS", "b1:GKzvt5r7QmY7nXMtDiTlzR1t98AeaVJE6aVaPbfC9CQ=")
    os.environ.setdefault("ALONGSIDE_AUDIT_KEY", "bench-audit-key-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a kept build gets any new tables
    if fresh:
        started = time.monotonic()
        _build(clients)
        (var / "built").write_text("ok")
        print(f"built {clients} clients in {time.monotonic() - started:.0f} s", flush=True)
    return var


def _build(clients: int) -> None:
    from alongside.accounts.models import Practice, Role, User
    from alongside.equity.demo import seed_large

    practice = Practice.objects.create(name="Equity bench practice")
    supervisor = User.objects.create(username="bench-sup", role=Role.SUPERVISOR, practice=practice)
    User.objects.bulk_create(
        User(
            username=f"bench{n:02d}",
            role=Role.THERAPIST,
            practice=practice,
            supervisor=supervisor if n < 3 else None,
        )
        for n in range(20)
    )
    User.objects.create(username="bench-admin", role=Role.ADMIN, practice=practice)
    batch = 1000
    for start in range(0, clients, batch):
        seed_large(practice, min(batch, clients - start), seed_value=start)
        print(f"  {start + batch} clients", flush=True)


def _timed(fn, runs, before=None):
    """The median (p50) of `runs` timings, each after `before` (untimed): wall-clock time
    and this process's CPU time (on a machine shared with others, the CPU time says what
    the report itself costs); and the queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, queries = [], [], 0
    for _ in range(runs):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        queries = len(captured)
    return statistics.median(times), statistics.median(cpu), queries


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    _setup(args.clients, args.rebuild)

    from django.test import Client as HttpClient
    from django.utils import timezone

    from alongside.accounts import mfa
    from alongside.accounts.models import Practice, User
    from alongside.clients.models import Client
    from alongside.context.models import Dimension
    from alongside.equity import memo
    from alongside.equity import models as equity_models
    from alongside.equity.metrics import Period
    from alongside.equity.report import build
    from alongside.measures.models import Response

    practice = Practice.objects.get(name="Equity bench practice")
    admin = User.objects.get(username="bench-admin")
    therapist = User.objects.get(username="bench00")
    today = timezone.localdate()
    period = Period(today - timedelta(days=365), today)
    ethnicity = Dimension.objects.get(code="ethnicity")
    gender = Dimension.objects.get(code="gender")
    http = HttpClient(HTTP_HOST="127.0.0.1")

    def signed_in(user):
        """The test client signed in past the second factor (as the tests' conftest)."""
        client = HttpClient(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        session = client.session
        session[mfa.SESSION_KEY] = True
        session.save()
        return client

    as_admin, as_therapist = signed_in(admin), signed_in(therapist)

    def get(client, url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    def forget_everything():
        """As a new server process on a practice nobody has reported on yet."""
        if hasattr(equity_models, "Derived"):  # (absent before the numbers were kept)
            equity_models.Derived.objects.filter(practice=practice).delete()
        memo._derived.clear()

    def an_answer_saved_again():
        """A questionnaire is saved again (new updated_at): the kept numbers are out of date
        by one row; a fresh process (nothing in memory)."""
        Response.objects.filter(client__practice=practice, instrument="phq-9").last().save()
        memo._derived.clear()

    admin_report = lambda: build(practice, period=period, by=ethnicity, viewer=admin)  # noqa: E731
    by_eth = "/practice/equity/?by=ethnicity"
    results = {
        "minimal view (/healthz)": _timed(get(http, "/healthz"), max(args.runs, 20)),
        "small signed-in page (settings)": _timed(
            get(as_admin, "/practice/equity/settings/"), max(args.runs, 20)
        ),
        "first report, nothing kept (cold)": _timed(admin_report, 1, before=forget_everything),
        "report after one answer changed": _timed(admin_report, 1, before=an_answer_saved_again),
        "admin report, by ethnicity": _timed(admin_report, args.runs),
        "therapist report, by ethnicity": _timed(
            lambda: build(practice, period=period, by=ethnicity, viewer=therapist), args.runs
        ),
        "therapist report, ethnicity x gender": _timed(
            lambda: build(practice, period=period, by=ethnicity, also=gender, viewer=therapist),
            args.runs,
        ),
        "admin report PAGE": _timed(get(as_admin, by_eth), args.runs),
        "therapist report PAGE": _timed(get(as_therapist, by_eth), args.runs),
        "therapist report PAGE, x gender": _timed(
            get(as_therapist, f"{by_eth}&also=gender"), args.runs
        ),
    }
    base = results["minimal view (/healthz)"][0]
    signed_in = results["small signed-in page (settings)"][0]
    signed_in_cpu = results["small signed-in page (settings)"][1]
    print(
        f"\nequity report at {Client.objects.filter(practice=practice).count()} clients "
        f"(median of {args.runs} runs; cold and after a change: one run)"
    )
    print(
        f"  {'':<40} {'p50 time':>12}  {'x /healthz':>10}  {'x signed-in':>11}  "
        f"{'CPU':>10}  {'CPU x signed-in':>15}  queries"
    )
    for name, (seconds, cpu, queries) in results.items():
        print(
            f"  {name:<40} {seconds * 1000:9.1f} ms  x{seconds / base:9.0f}  "
            f"x{seconds / signed_in:10.1f}  {cpu * 1000:7.1f} ms  x{cpu / signed_in_cpu:14.1f}  "
            f"{queries}"
        )
    admin_q = results["admin report, by ethnicity"][2]
    therapist_q = results["therapist report, by ethnicity"][2]
    if therapist_q - admin_q > 2:
        print("FAIL: the caseload view costs more queries than its fixed extra ones")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
