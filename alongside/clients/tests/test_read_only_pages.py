"""Read-only readers see no write controls: everything a supervisor or someone with
emergency access can click on a client's record works for them, and nothing offers a
change that would answer 404.

Crawled from the record page through every link that stays on the record, with a signed
note, a held-back note, a draft, feedback, flags and open check-ins in place, so each
kind of control has a chance to show.
"""

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.clients.models import EmergencyAccess
from alongside.context.tests import objects as context_objects
from alongside.measures.tests import objects as measures_objects
from alongside.notes import records
from alongside.notes.tests.helpers import cast_draft, cast_note, signed_note

FORM = re.compile(r'<form[^>]*method="post"[^>]*action="([^"]*)"', re.I)
HX_POST = re.compile(r'hx-post="([^"]*)"')
HREF = re.compile(r'href="(/[^"#]*)')
# What any signed-in person may post from any page: signing out.
ANYONE_POSTS = {"/sign-out/", "/language/"}  # their own session and language


@pytest.fixture
def record(cast):
    note = cast_note(cast)
    records.add_perspective(cast.client_user, note, "It helped.")
    held = signed_note(cast, days_ago=40)
    records.hold_back(cast.river, held, "Not yet.")
    cast_draft(cast)
    context_objects.feedback(cast)
    context_objects.experience(cast)
    context_objects.map_entry(cast)
    measures_objects.prompt(cast)
    measures_objects.open_check_in(cast)
    for who in (cast.colleague, cast.other_supervisor):
        EmergencyAccess.objects.create(
            user=who,
            client=cast.client,
            reason="Crisis call",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    return cast


def _record_pages(client, start):
    """Every page reachable from `start` whose address names this record or its notes."""
    seen, queue, pages = set(), [start], []
    while queue:
        url = queue.pop()
        if url in seen or url.endswith((".pdf", ".json", ".csv")):
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code == 200 and "html" in response["Content-Type"]:
            for href in HREF.findall(response.content.decode()):
                link = urlsplit(urljoin(url, href.replace("&amp;", "&"))).path
                if link.startswith((start, "/notes/")):
                    queue.append(link)
    return pages


@pytest.mark.parametrize(
    "who, may_post",
    [
        ("colleague", set()),  # a therapist with emergency access
        ("other_supervisor", set()),  # a supervisor with emergency access
        ("sam", {"supervision"}),  # River's supervisor: supervision comments only
    ],
)
def test_read_only_readers_meet_no_write_control_and_no_dead_link(client, record, who, may_post):
    client.force_login(getattr(record, who))
    start = reverse("clients:detail", args=[record.client.pk])
    pages = _record_pages(client, start)
    assert len(pages) > 8, [url for url, _ in pages]
    for url, response in pages:
        assert response.status_code == 200, f"{who}: a link on the record answers {url}"
        body = response.content.decode()
        for action in FORM.findall(body) + HX_POST.findall(body):
            path = urlsplit(action).path
            if path in ANYONE_POSTS or path == reverse("writing:check"):
                continue  # the wording check stores nothing
            allowed = any(part in path for part in may_post)
            assert allowed, f"{who} is offered a change on {url}: posts to {action}"
        for label in ("Continue writing", "Edit profile", "Write or change", "Add an addendum"):
            assert label not in body, f"{who} sees {label!r} on {url}"


def test_the_therapist_still_meets_their_controls(client, record):
    """Guards the test above: the same crawl as River finds the write controls."""
    client.force_login(record.river)
    pages = _record_pages(client, reverse("clients:detail", args=[record.client.pk]))
    bodies = "".join(
        r.content.decode() for _, r in pages if r.status_code == 200 and "html" in r["Content-Type"]
    )
    for label in ("Continue writing", "Edit profile", "Write or change", "Add an addendum"):
        assert label in bodies
    assert FORM.search(bodies.replace('action="/sign-out/"', ""))


def test_emergency_access_shows_signed_notes_only(client, record):
    draft = cast_draft(record)
    signed = cast_note(record)
    client.force_login(record.colleague)
    assert client.get(reverse("notes:detail", args=[signed.pk])).status_code == 200
    assert client.get(reverse("notes:detail", args=[draft.pk])).status_code == 404
    page = client.get(reverse("clients:detail", args=[record.client.pk])).content.decode()
    assert reverse("notes:detail", args=[draft.pk]) not in page


def test_a_record_opened_in_an_emergency_puts_nothing_on_the_opener_caseload(client, record):
    client.force_login(record.colleague)
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert "added their perspective" not in caseload


def test_emergency_access_cannot_take_home_the_whole_formulation(client, record):
    """The take-home copy holds the whole formulation, whoever it is shared with."""
    client.force_login(record.colleague)
    url = reverse("context:take_home", args=[record.client.pk])
    assert client.get(url).status_code == 404


def test_a_note_read_by_emergency_access_says_so(client, record):
    client.force_login(record.colleague)
    page = client.get(reverse("notes:detail", args=[cast_note(record).pk])).content.decode()
    assert "Emergency access, read-only" in page
    client.force_login(record.sam)
    page = client.get(reverse("notes:detail", args=[cast_note(record).pk])).content.decode()
    assert "Emergency access, read-only" not in page
