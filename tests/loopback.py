"""Run the production server on 127.0.0.1 and talk to it, for the crash test and the load bench.

- `environment()`: an isolated instance (its own directory, database, keys and secret key),
  with the test-only `alongside.settings_loopback` (production settings over plain HTTP).
- `Server`: `alongside serve` (gunicorn) in its own process group, so that `kill9()` kills the
  master and every worker at once, like a crash, and nothing else.
- `Browser`: a tiny HTTP client with cookies and Django's CSRF token; one per person.

Loopback only: every address here is 127.0.0.1.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def environment(workdir: Path, database_url: str | None = None, **extra) -> dict:
    """Environment for a throwaway instance in `workdir` (fresh keys each time)."""
    from cryptography.fernet import Fernet

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ALONGSIDE_")
        and name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="alongside.settings_loopback",
        ALONGSIDE_VAR_DIR=str(workdir),
        ALONGSIDE_SECRET_KEY=secrets.token_urlsafe(50),
        ALONGSIDE_DATA_KEYS=f"x1:{Fernet.generate_key().decode()}",
        ALONGSIDE_AUDIT_KEY=secrets.token_urlsafe(32),
        # Staff sign in with a password only here: these runs test the server, not sign-in.
        ALONGSIDE_REQUIRE_STAFF_MFA="false",
        # No mail server here: production needs the file outbox chosen explicitly.
        ALONGSIDE_EMAIL_BACKEND="alongside.core.mail.PrivateFileBackend",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'alongside.sqlite3'}",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: float = 900) -> str:
    """Run a management command for the instance; return its output, raise on failure."""
    result = subprocess.run(
        [python(), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Server:
    """`alongside serve` (gunicorn) for one instance."""

    def __init__(self, env: dict, log_path: Path, *, workers: int = 2, threads: int = 4):
        self.env, self.log_path = env, log_path
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, timeout: float = 60) -> float:
        """Start and wait until /healthz answers; return the seconds that took."""
        began = time.monotonic()
        command = [
            python(),
            "manage.py",
            "serve",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: see kill9()
            )
        self.starts += 1
        while time.monotonic() - began < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server exited at start; see {self.log_path}")
            try:
                if Browser(self.port, timeout=2).get("/healthz").status == 200:
                    return time.monotonic() - began
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"The server did not answer within {timeout} s; see {self.log_path}")

    def kill9(self) -> None:
        """SIGKILL the gunicorn master and all its workers at once, mid-request."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """One person's HTTP client: keeps cookies, sends Django's CSRF token with each POST."""

    def __init__(self, port: int, *, timeout: float = 30, keep_alive: bool = False):
        self.port, self.timeout, self.keep_alive = port, timeout, keep_alive
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def _send(self, method, path, body, headers) -> Response:
        reused = self._connection is not None
        if self._connection is None:
            self._connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            self._connection.request(method, path, body=body, headers=headers)
        except OSError:
            self.close()
            # An idle keep-alive connection the server had closed: the request never left,
            # so it is sent again on a new one, whatever its method.
            if reused:
                return self._send(method, path, body, headers)
            raise
        try:
            raw = self._connection.getresponse()
            content = raw.read()
        except (OSError, http.client.HTTPException):
            self.close()
            if reused and method == "GET":  # closed as it arrived; only a GET is safe again
                return self._send(method, path, body, headers)
            raise
        elapsed = time.perf_counter() - started
        for value in raw.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        if not self.keep_alive or raw.will_close:
            self.close()
        headers = {name.lower(): value for name, value in raw.getheaders()}
        return Response(raw.status, headers, content, elapsed)

    def request(self, method: str, path: str, fields: dict | None = None) -> Response:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self._send(method, path, body, headers)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        return self.request("POST", path, fields)

    def sign_in(self, username: str, password: str) -> None:
        self.get("/sign-in/")  # sets the CSRF cookie
        answer = self.post("/sign-in/", {"username": username, "password": password})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Sign-in as {username} failed: HTTP {answer.status}")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
