"""Crawl the seeded demo as every person in it, after replacing every piece of stored text
with script payloads, and check each page: no server error, nothing executable from what a
person typed, no personal words in any URL, the protective headers present, headings that
never skip a level (a screen reader user moving by headings otherwise hears a gap and wonders
what they missed). And, on the demo as seeded, no two links with the same name going to
different places (in a screen reader's list of links, "Answer" twice says nothing about which is
which; the hostile text is left out there, since it makes every truncated name the same).

Because it walks links from each home page, new pages are covered as soon as they are linked.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from alongside.accounts.models import User
from alongside.core.fields import encrypted_columns
from alongside.demo.seed import seed

PAYLOAD = "<script>alert('xss')</script>\"><img src=x onerror=alert(1)>"
DANGEROUS = ["<script>alert(", "<img src=x onerror", "onerror=alert(1)>"]
MAX_PAGES = 150
SKIP = ("/sign-out/", "/static/", "mailto:", "tel:", "#")
HREF = re.compile(r'href="([^"]+)"')
HEADING = re.compile(r"<h([1-6])[\s>]")


def _poison(value):
    if isinstance(value, str):
        return PAYLOAD + value
    if isinstance(value, list):
        return [_poison(v) for v in value]
    if isinstance(value, dict):
        return {k: _poison(v) for k, v in value.items()}
    return value


def _poison_everything():
    """Every encrypted field of every row (JSON kept well-formed), and people's names."""
    for model, field in encrypted_columns():
        for obj in model._base_manager.all():
            value = getattr(obj, field.attname)
            if not value:
                continue
            try:
                parsed = json.loads(value)
            except ValueError:
                new = PAYLOAD + value
            else:
                new = json.dumps(_poison(parsed))
            # Through the ORM, so values are encrypted as the app would store them.
            model._base_manager.filter(pk=obj.pk).update(**{field.attname: new})
    User.objects.update(first_name=PAYLOAD[:150], pronouns=PAYLOAD[:40])


@pytest.fixture
def poisoned_demo(db):
    seed()
    names = [
        c.chosen_name
        for m, f in encrypted_columns()
        if f.attname == "chosen_name"
        for c in m._base_manager.all()
    ]
    _poison_everything()
    return names


def _links(page_url, body):
    for href in HREF.findall(body):
        href = href.replace("&amp;", "&")
        if href.startswith(SKIP) or href.startswith("data:"):
            continue
        url = urljoin(page_url, href)
        if urlsplit(url).netloc in ("", "testserver"):
            yield urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()


def _skipped_levels(body: str) -> list[tuple[int, int]]:
    levels = [int(level) for level in HEADING.findall(body)]
    return [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


class _LinkNames(HTMLParser):
    """Each link's accessible name (aria-label, else all its text, visually hidden included)
    and where it goes, fragment left off."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._open = [attrs["href"].split("#")[0], attrs.get("aria-label") or "", []]

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            href, label, text = self._open
            self.links.append((label or " ".join("".join(text).split()), href))
            self._open = None


# Names that say what to do but not to what: read alone in a list of links, they need the
# thing they act on (a visually hidden part of the link is enough).
BARE = {
    "answer",
    "accept or answer",
    "take in or answer",
    "reply",
    "change your reply",
    "see it, or change it",
    "answers",
    "here",
    "click here",
    "more",
    "read more",
    "details",
    "what was done",
    "record what you did",
}


def _link_names(body: str) -> list[tuple[str, str]]:
    parser = _LinkNames()
    parser.feed(body)
    return parser.links


def _ambiguous_links(body: str) -> dict[str, set[str]]:
    places: dict[str, set[str]] = {}
    for name, href in _link_names(body):
        places.setdefault(name, set()).add(href)
    return {name: hrefs for name, hrefs in places.items() if len(hrefs) > 1}


def _crawl(client):
    seen, queue, pages = set(), deque(["/"]), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        final = response.request["PATH_INFO"]
        pages.append((url, response))
        if "html" in response.get("Content-Type", ""):
            queue.extend(_links(final, response.content.decode()))
    return pages


@pytest.mark.parametrize("username", ["river", "jo", "sam", "admin", "ash", "noor"])
def test_every_reachable_page_is_safe_with_hostile_text(client, poisoned_demo, username):
    client.force_login(User.objects.get(username=username))
    pages = _crawl(client)
    assert len(pages) > 3, "the crawl found almost nothing: is the home page linked up?"
    for url, response in pages:
        where = f"{username} GET {url}"
        assert response.status_code < 500, where
        assert not any(word.casefold() in url.casefold() for word in poisoned_demo + ["<"]), (
            f"{where}: personal text in the URL"
        )
        content_type = response.get("Content-Type", "")
        if "html" not in content_type:
            continue
        body = response.content.decode()
        for danger in DANGEROUS:
            assert danger not in body, f"{where}: unescaped {danger!r}"
        assert "no-store" in response["Cache-Control"], where
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "'nonce-" in csp, where
        assert "'unsafe-inline'" not in csp, where
        assert not _skipped_levels(body), f"{where}: headings skip a level"
    print(username, len(pages), "pages")


@pytest.mark.parametrize(
    ("username", "expected"),
    [("river", "/plan/"), ("sam", "/plan/"), ("ash", "/my/plan/")],
)
def test_the_crawl_reaches_the_plan_pages(client, poisoned_demo, username, expected):
    client.force_login(User.objects.get(username=username))
    reached = [url for url, _response in _crawl(client) if expected in url]
    assert reached, f"{username} never reached a plan page"


@pytest.mark.parametrize("username", ["river", "sam", "ash"])
def test_no_link_name_leads_to_two_places(client, db, username):
    seed()
    client.force_login(User.objects.get(username=username))
    for url, response in _crawl(client):
        if "html" in response.get("Content-Type", ""):
            body = response.content.decode()
            assert not _ambiguous_links(body), f"{username} GET {url}: one link name, two places"
            bare = [name for name, _ in _link_names(body) if name.casefold() in BARE]
            assert not bare, f"{username} GET {url}: links that need what they act on: {bare}"
