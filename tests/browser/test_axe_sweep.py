"""Every page each role can reach, in Chromium on a 360x740 phone: axe finds no serious or
critical violation, and nothing makes the page scroll sideways.

The demo practice (alongside.demo.seed, the one tests/test_crawl.py walks) is seeded, then
for each role, one person: River (a therapist), Sam (the supervisor), Pat (the practice
admin) and Ash (a client, on the portal, in English and in Spanish).

1. Which pages: from the person's home page, every same-origin link is followed (breadth
   first, with Django's test client, which is quick) and the first URL of each URL pattern
   is kept, plus the first with a query string for each set of query keys (``?page=2``,
   ``?date=...``), so ``/clients/1/plan/`` stands for every client's plan. Links are followed
   through every instance of a pattern up to PER_PATTERN, because some pages are linked only
   from some records (a draft note's editor, an appointment still to come). Not followed:
   downloads (PDF, CSV, zip, JSON, calendar feeds), the API, signing out, ``download`` links.
2. Each of those pages is loaded in Chromium at 360x740, after signing in through the real
   forms, and checked with axe(page) and for sideways scrolling (naming the widest element).

Every problem on every page is collected and the test fails once, listing them all. The app
answers GET without writing (tests/test_read_only_writes.py); the sweep checks that too: no
create, change, delete, signature or invitation is audited while it runs.

Time on this 2-core machine (shared with other work): 99 s for the five sweeps, seeding
included (the therapist's 80 pages 35 s, the supervisor's 29 12 s, the admin's 33 11 s, the
client's 54 15 s in each language). MAX_FETCHES bounds the crawl of each role.
"""

import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from alongside.accounts.models import SecondFactor, User
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.demo.seed import DEMO_PASSWORD, seed

pytestmark = pytest.mark.browser

# role: (who, the language their pages are in). Spanish words run longer than English ones,
# so the client's portal is swept in Spanish too.
ROLES = {
    "therapist": ("river", "en"),
    "supervisor": ("sam", "en"),
    "practice admin": ("admin", "en"),
    "client": ("ash", "en"),
    "client, in Spanish": ("ash", "es"),
}
PER_PATTERN = 40  # instances of one URL pattern whose links are followed
MAX_FETCHES = 1500  # per role: the crawl stops there even if links remain
PHONE_WIDTH = 360
NOT_PAGES = ("/sign-out/", "/static/", "/api/", "/healthz")
DOWNLOADS = (".pdf", ".csv", ".zip", ".json", ".ics")
WRITES = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.SIGN, Action.INVITE}

# The elements whose right edge passes the viewport, furthest first, as a CSS-like path.
WIDEST = """(width) => {
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    [...e.classList].map((c) => '.' + c).join('');
  const path = (e) => {
    const parts = [];
    for (let n = e; n && n !== document.body; n = n.parentElement) parts.unshift(name(n));
    return parts.join(' > ');
  };
  return [...document.body.querySelectorAll('*')]
    .map((e) => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.right > width + 0.5 && r.width > 0)
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 3)
    .map(([e, r]) => `${path(e)} (right edge ${Math.round(r.right)}px)`);
}"""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.hrefs.append(attributes["href"])


def _links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        if parts.path.startswith(NOT_PAGES) or parts.path.endswith(DOWNLOADS):
            continue
        found.append(parts._replace(scheme="", netloc="", fragment="").geturl())
    return found


def _pattern(url: str) -> tuple[str, frozenset] | None:
    """The URL pattern a URL belongs to, with the names of its query keys."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.route, frozenset(key for key, _ in parse_qsl(parts.query))


def _reachable(client) -> list[str]:
    """The first URL of each pattern reachable from the home page, in the order found."""
    first, followed, seen, queue, fetches = {}, Counter(), set(), deque(["/"]), 0
    while queue and fetches < MAX_FETCHES:
        url = queue.popleft()
        pattern = _pattern(url)
        if url in seen or pattern is None or followed[pattern] >= PER_PATTERN:
            continue
        seen.add(url)
        followed[pattern] += 1
        response = client.get(url, follow=True)
        fetches += 1
        query = response.request.get("QUERY_STRING")
        landed = response.request["PATH_INFO"] + (f"?{query}" if query else "")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        first.setdefault(_pattern(landed), landed)
        queue.extend(_links(landed, response.content.decode()))
    return list(first.values())


def _check(page: Page, axe, url: str) -> list[str]:
    """Load a page; the problems found on it."""
    page.goto(url)
    problems = []
    try:
        axe(page)
    except pytest.fail.Exception as failure:
        problems.append(str(failure))
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE_WIDTH:
        widest = "; ".join(page.evaluate(WIDEST, PHONE_WIDTH))
        problems.append(f"{url} scrolls sideways at {PHONE_WIDTH}px ({width}px wide): {widest}")
    return problems


@pytest.fixture
def demo(transactional_db):
    seed()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_person_reaches_passes_axe_and_fits_a_phone(
    role, demo, client, phone, axe, sign_in
):
    started = time.monotonic()
    username, language = ROLES[role]
    user = User.objects.get(username=username)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.force_login(user)
    pages = _reachable(client)
    factor = SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()
    sign_in(phone, user.username, DEMO_PASSWORD, factor.secret if factor else None)
    User.objects.filter(pk=user.pk).update(language=language)  # after the English sign-in

    problems = [problem for url in pages for problem in _check(phone, axe, url)]

    took = time.monotonic() - started
    print(f"\n{role} ({user.username}): {len(pages)} pages in {took:.0f}s")
    print("\n".join(f"  {url}" for url in pages))
    assert len(pages) > 20, f"the sweep found almost nothing for the {role}"
    assert phone.evaluate("document.documentElement.lang") == language
    writes = AuditEvent.objects.filter(pk__gt=before, action__in=WRITES, outcome=Outcome.ALLOWED)
    assert not writes.exists(), f"a GET wrote: {list(writes.values('action', 'object_type'))}"
    assert not problems, f"{len(problems)} problem(s) for the {role}:\n\n" + "\n\n".join(problems)
