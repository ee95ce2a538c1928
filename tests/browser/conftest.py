"""Browser tests: the real app in pytest-django's live_server, driven by Debian's Chromium.

Fixtures:
- ``desktop`` / ``phone``: a fresh page in its own browser context (own cookies), 1280x800 or
  360x740 with touch. Call them as functions for more than one person in a test.
- ``axe``: ``axe(page)`` runs axe-core on the page as it is now and fails the test listing every
  serious or critical violation. Every page a desktop/phone page loads must be checked: a page
  load that no ``axe(page)`` call saw fails the test at teardown.
- ``sign_in``: the sign-in form and, given a TOTP secret, the second-factor page.
- ``second_factor``: ``second_factor(user)`` gives a user a confirmed authenticator app and
  returns its secret (staff need one before any clinical page); ``totp(secret)`` is the code.

Set ALONGSIDE_SCREENSHOTS=/some/dir to also save, at every axe check, full-page screenshots at
360px and 1000px wide.
"""

import importlib
import os
import re
from pathlib import Path

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection, connections
from playwright.sync_api import Page, expect, sync_playwright

from alongside.accounts import mfa

CHROMIUM = os.environ.get("ALONGSIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox can't start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Containers often give /dev/shm only 64 MB, which crashes Chromium tabs.
    "--disable-dev-shm-usage",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
SHOT_WIDTHS = (360, 1000)
FAILING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000

_axe = Axe()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for this folder's tests; stopped as soon as they are done."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium), or "
            "ALONGSIDE_CHROMIUM=/path/to/chromium. The other tests run with -m 'not browser'.",
            pytrace=False,
        )
    # Playwright's sync API runs an asyncio loop in this (main) thread and leaves it marked as
    # running between calls, so Django refuses ORM calls from test code (fixtures, assertions,
    # transactional_db's flush) with SynchronousOnlyOperation. Nothing here is async: the ORM
    # calls are ordinary blocking calls between browser steps, and the live server answers in
    # its own thread. So allow them, for exactly as long as Playwright runs (package scope
    # keeps that to this folder's tests; other tests never see the loop or the variable).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
                # While the loop looks running, Django keeps this thread's connections apart
                # (asgiref's Local switches to per-context storage), so ORM calls during these
                # tests opened a second connection. Close it now, while it is still reachable:
                # left open, PostgreSQL refuses to drop the test database at the end.
                connections.close_all()


class _Pages:
    """Opens pages in fresh contexts and remembers every page load until axe has seen it."""

    def __init__(self, browser, base_url, shots_dir, test_name):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.unchecked = {}  # page -> [url of each load axe has not checked yet]
        self.shots_dir = shots_dir
        self.test_name = test_name
        self.shot_count = 0

    def open(self, options) -> Page:
        context = self.browser.new_context(base_url=self.base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        self.unchecked[page] = []
        # domcontentloaded fires for each new document (not for #fragment moves).
        page.on("domcontentloaded", lambda p: self.unchecked[p].append(p.url))
        return page

    def check(self, page: Page) -> None:
        page.wait_for_load_state("load")
        results = _axe.run(page).response
        self.unchecked[page] = []
        width = page.viewport_size["width"]
        serious = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
        if self.shots_dir:
            self.screenshot(page)
        if serious:
            lines = [
                f"axe: {len(serious)} serious/critical violation(s) on {page.url} at {width}px"
            ]
            for v in serious:
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
                for node in v["nodes"]:
                    lines.append(f"    at {' '.join(map(str, node['target']))}")
                    if node.get("failureSummary"):
                        summary = node["failureSummary"].replace("\n", "\n      ")
                        lines.append(f"      {summary}")
            pytest.fail("\n".join(lines), pytrace=False)

    def screenshot(self, page: Page) -> None:
        self.shot_count += 1
        path = re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1].lower())
        # A long query string (a signed token) would pass the file system's 255-byte limit.
        stem = f"{self.test_name}-{self.shot_count:02d}-{path.strip('-')[:80] or 'home'}"
        original = page.viewport_size
        for width in SHOT_WIDTHS:
            page.set_viewport_size({"width": width, "height": original["height"]})
            page.screenshot(path=str(self.shots_dir / f"{stem}-{width}.png"), full_page=True)
        page.set_viewport_size(original)

    def close(self) -> list[str]:
        missed = [
            f"{url} ({page.viewport_size['width']}px)"
            for page, urls in self.unchecked.items()
            for url in urls
        ]
        for context in self.contexts:
            context.close()
        return missed


@pytest.fixture
def _pages(browser, live_server, transactional_db, _audit_trail_flushable, request):
    shots = os.environ.get("ALONGSIDE_SCREENSHOTS")
    shots_dir = Path(shots) if shots else None
    if shots_dir:
        shots_dir.mkdir(parents=True, exist_ok=True)
    pages = _Pages(browser, live_server.url, shots_dir, re.sub(r"\W+", "-", request.node.name))
    yield pages
    missed = pages.close()
    if missed:
        pytest.fail(
            "These page loads were never checked with axe(page):\n  " + "\n  ".join(missed),
            pytrace=False,
        )


@pytest.fixture
def desktop(_pages):
    """A fresh 1280x800 page. For a second person (own cookies), use new_desktop()."""
    return _Opener(_pages, DESKTOP)()


@pytest.fixture
def phone(_pages):
    return _Opener(_pages, PHONE)()


@pytest.fixture
def new_desktop(_pages):
    return _Opener(_pages, DESKTOP)


@pytest.fixture
def new_phone(_pages):
    return _Opener(_pages, PHONE)


class _Opener:
    def __init__(self, pages, options):
        self.pages, self.options = pages, options

    def __call__(self) -> Page:
        return self.pages.open(self.options)


@pytest.fixture
def axe(_pages):
    """axe(page): fail on serious/critical axe-core violations of the page as it is now."""
    return _pages.check


@pytest.fixture
def second_factor():
    """second_factor(user) -> TOTP secret: give a user a confirmed authenticator app."""

    def add(user) -> str:
        factor = mfa.start_setup(user)
        mfa.confirm(factor)
        return factor.secret

    return add


def totp(secret: str) -> str:
    """The code an authenticator app would show now."""
    return pyotp.TOTP(secret).now()


@pytest.fixture
def sign_in(axe):
    """sign_in(page, username, password, secret=None): the sign-in form, then (with a TOTP
    secret) the second-factor page; axe checks each page on the way."""

    def sign_in(page: Page, username: str, password: str, secret: str | None = None) -> None:
        page.goto("/sign-in/")
        axe(page)
        page.get_by_label("Sign-in name").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
        if secret is not None:
            expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
            axe(page)
            page.get_by_label("Code").fill(totp(secret))
            page.get_by_role("button", name="Continue").click()
            expect(page.get_by_role("heading", level=1)).not_to_have_text("Enter your code")
        axe(page)

    return sign_in


# The audit table is append-only in the database (alongside/audit/migrations/0002): triggers
# refuse DELETE (SQLite, row-level) and TRUNCATE (PostgreSQL, statement-level). The flush that
# transactional_db runs after each test needs exactly that, so it fails. Around the flush (and
# only then) the triggers step aside; they are back before any other test runs.
_APPEND_ONLY = importlib.import_module("alongside.audit.migrations.0002_append_only")


_BLOCKER = pytest.StashKey()


@pytest.fixture
def _audit_trail_flushable(transactional_db, django_db_blocker, request):
    request.node.stash[_BLOCKER] = django_db_blocker
    yield  # teardown runs before transactional_db's flush
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite can't disable a trigger. Drop them, empty the table, put them back: the
            # flush then deletes no audit rows, so the row-level triggers never fire.
            for statement in _APPEND_ONLY.SQLITE_REVERSE:
                cursor.execute(statement)
            cursor.execute("DELETE FROM audit_auditevent")
            for statement in _APPEND_ONLY.SQLITE:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            # A TRUNCATE trigger fires even on an empty table: switch the table's own triggers
            # off for the flush; pytest_runtest_teardown below switches them back on.
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # the fixtures' teardown, the flush included
    finally:
        blocker = item.stash.get(_BLOCKER, None)
        # After the last test the test database is already gone: nothing to switch back on.
        if blocker is not None and nextitem is not None and connection.vendor == "postgresql":
            with blocker.unblock(), connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


_VOCABULARIES = importlib.import_module("alongside.context.migrations.0002_fill_vocabularies")


@pytest.fixture(autouse=True)
def _shipped_vocabularies(transactional_db):
    """The flush after each live-server test empties every table, data migrations' rows too:
    put the shipped vocabularies (dimensions, life domains, systems) back for the next test,
    whatever order the tests run in."""
    from django.apps import apps

    _VOCABULARIES.fill(apps, None)
