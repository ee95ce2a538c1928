"""`alongside serve`: the production server (gunicorn) with settings that suit Alongside.

The app keeps no state outside the database, so any number of these can run behind one
reverse proxy. Options fall back to environment variables, then to the defaults below.
"""

import json
import os
import shlex
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from alongside.core.env import envint, envsecret
from alongside.ops.gunicorn_logging import TEXT_FORMAT, json_lines


def default_workers() -> int:
    # gunicorn's rule of thumb, capped: more processes than this only queue on the database.
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def gunicorn_command(*, bind, workers, threads, timeout, forwarded_allow_ips) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "alongside.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        f"--timeout={timeout}",
        "--graceful-timeout=30",
        "--keep-alive=5",
        # Recycle workers now and then, staggered, so a slow leak never builds up.
        "--max-requests=2000",
        "--max-requests-jitter=200",
        # Trust X-Forwarded-Proto only from the reverse proxy (see docs/deploy.md).
        f"--forwarded-allow-ips={forwarded_allow_ips}",
        "--access-logfile=-",
        f"--access-logformat={TEXT_FORMAT}",
        # No check-in or invitation token in the access log (alongside.core.logscrub).
        "--logger-class=alongside.ops.gunicorn_logging.ScrubbingLogger",
        "--error-logfile=-",
    ]
    if os.path.isdir("/dev/shm"):  # noqa: S108 (gunicorn's advice for its heartbeat files)
        command.append("--worker-tmp-dir=/dev/shm")
    return command


class Command(BaseCommand):
    help = "Run the production web server (gunicorn) for alongside.wsgi."

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=envsecret("ALONGSIDE_BIND", "127.0.0.1:8000"),
            help="host:port or unix:/path to listen on (ALONGSIDE_BIND; 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=envint("ALONGSIDE_WORKERS", envint("WEB_CONCURRENCY", default_workers())),
            help="Worker processes (ALONGSIDE_WORKERS or WEB_CONCURRENCY; 2 x CPUs + 1, max 8).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=envint("ALONGSIDE_THREADS", 4),
            help="Threads per worker (ALONGSIDE_THREADS; 4).",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=envint("ALONGSIDE_TIMEOUT", 30),
            help="Seconds before a stuck worker is restarted (ALONGSIDE_TIMEOUT; 30).",
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default=envsecret("ALONGSIDE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
            help="Proxy addresses whose X-Forwarded-* headers are trusted (127.0.0.1,::1).",
        )
        parser.add_argument(
            "--collectstatic",
            action="store_true",
            help="Run collectstatic first (needed once per release with production settings).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the gunicorn command and stop."
        )

    def handle(self, *args, bind, workers, threads, timeout, forwarded_allow_ips, **options):
        command = gunicorn_command(
            bind=bind,
            workers=workers,
            threads=threads,
            timeout=timeout,
            forwarded_allow_ips=forwarded_allow_ips,
        )
        if options["dry_run"]:
            self.stdout.write(shlex.join(command))
            return
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        started = f"Serving Alongside on {bind}: {workers} workers x {threads} threads."
        if json_lines():  # one format for every line of the server's output
            started = json.dumps({"level": "INFO", "logger": "alongside.serve", "message": started})
        self.stdout.write(started)
        sys.stdout.flush()
        sys.stderr.flush()
        # Become gunicorn: signals (TERM to stop, HUP to reload) reach its master directly.
        os.execv(command[0], command)  # noqa: S606 (a fixed program: this Python's gunicorn)
