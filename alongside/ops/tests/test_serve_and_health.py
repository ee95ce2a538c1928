import os
import subprocess
import sys

from django.core.management import call_command
from django.urls import reverse

from alongside.ops.management.commands.serve import default_workers


def test_the_health_check_answers_ok_to_anyone_without_touching_the_database(client):
    # No db fixture: any database query here would raise.
    response = client.get(reverse("ops:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_serve_runs_gunicorn_on_the_wsgi_app_with_options_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("ALONGSIDE_BIND", "127.0.0.1:9123")
    monkeypatch.setenv("ALONGSIDE_THREADS", "8")
    # Defaults are read when the parser is built, i.e. at each call_command.
    call_command("serve", "--dry-run", "--workers", "3")
    command = capsys.readouterr().out
    assert " -m gunicorn alongside.wsgi:application " in command
    for option in ("--bind=127.0.0.1:9123", "--workers=3", "--threads=8", "--timeout=30"):
        assert option in command
    assert "--worker-class=gthread" in command
    assert "--forwarded-allow-ips=127.0.0.1,::1" in command


def test_serve_picks_a_bounded_number_of_workers():
    assert 3 <= default_workers() <= 8


def test_a_worker_loading_the_app_freezes_what_start_up_made_out_of_the_collectors_sight():
    probe = "import gc, alongside.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alongside.settings_test"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert int(done.stdout.split()[-1]) > 10_000  # Django and the apps: many thousands
