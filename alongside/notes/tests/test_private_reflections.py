"""Private reflections are psychotherapy notes: readable only by their author (and the one
supervisor they share a specific reflection with). Tested for every role, and by searching
every page every other person can reach for a canary string."""

import re
from urllib.parse import urldefrag

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity
from alongside.notes import records
from alongside.notes.models import PrivateReflection
from alongside.notes.tests.helpers import (
    CANARY_REFLECTION,
    CANARY_SHARED_REFLECTION,
    cast_draft,
    cast_note,
    cast_session,
    signed_note,
)

EVERYONE = [
    "river",
    "colleague",
    "sam",
    "other_supervisor",
    "admin",
    "superuser",
    "client_user",
    "other_client_user",
    "outsider_therapist",
]


def _reflections(cast):
    note = cast_note(cast)  # holds CANARY_REFLECTION, unshared
    shared_note = signed_note(cast, days_ago=21)
    records.save_reflection(cast.river, shared_note, CANARY_SHARED_REFLECTION, share=True)
    return note, shared_note


@pytest.mark.parametrize("who", EVERYONE)
def test_the_queryset_returns_reflections_only_to_their_author_or_named_supervisor(cast, who):
    _reflections(cast)
    user = getattr(cast, who)
    texts = set(PrivateReflection.objects.readable_by(user).values_list("text", flat=True))
    expected = {
        "river": {CANARY_REFLECTION, CANARY_SHARED_REFLECTION},
        "sam": {CANARY_SHARED_REFLECTION},
    }.get(who, set())
    assert texts == expected


def test_a_supervisor_loses_a_shared_reflection_when_they_stop_supervising(cast):
    _reflections(cast)
    cast.river.supervisor = cast.other_supervisor
    cast.river.save()
    assert not PrivateReflection.objects.readable_by(cast.sam).exists()
    assert not PrivateReflection.objects.readable_by(cast.other_supervisor).exists()


def test_unsharing_takes_the_reflection_back(cast):
    _note, shared_note = _reflections(cast)
    records.save_reflection(cast.river, shared_note, CANARY_SHARED_REFLECTION, share=False)
    assert not PrivateReflection.objects.readable_by(cast.sam).exists()


def test_an_inactive_author_reads_nothing(cast):
    _reflections(cast)
    cast.river.is_active = False
    cast.river.save()
    assert not PrivateReflection.objects.readable_by(cast.river).exists()


def test_the_author_reads_their_reflection_on_the_note_page(client, cast):
    note, _shared = _reflections(cast)
    client.force_login(cast.river)
    body = client.get(note.get_absolute_url()).content.decode()
    assert CANARY_REFLECTION in body and "Only you can read this." in body


def test_the_named_supervisor_reads_only_the_shared_reflection(client, cast):
    note, shared_note = _reflections(cast)
    client.force_login(cast.sam)
    assert CANARY_SHARED_REFLECTION in client.get(shared_note.get_absolute_url()).content.decode()
    assert CANARY_REFLECTION not in client.get(note.get_absolute_url()).content.decode()


def test_a_reflection_leaves_no_text_in_the_audit_trail_or_activity(cast):
    _reflections(cast)
    for event in AuditEvent.objects.all():
        assert CANARY_REFLECTION not in str(event.__dict__)
    for item in ClientActivity.objects.all():
        assert CANARY_REFLECTION not in f"{item.summary} {item.url}"


def test_a_reflection_never_reaches_the_client_even_if_its_author_is_their_therapist(client, cast):
    note, _shared = _reflections(cast)
    client.force_login(cast.client_user)
    body = client.get(reverse("notes:my_note", args=[note.pk])).content.decode()
    assert note.agenda.replace('"', "&quot;") in body  # the shared part is there
    assert CANARY_REFLECTION not in body and "Private reflection" not in body


# Every page a person can reach ---------------------------------------------------------

HREF = re.compile(r'(?:href|action|hx-post)="(/[^"]*)"')


def _all_urls(cast):
    """Every URL pattern, filled with the cast's ids (see tests/test_object_access.py)."""
    from django.urls import get_resolver

    from tests.test_object_access import OBJECT_IDS, OBJECT_IDS_FOR, _walk

    urls = []
    for name, converters in _walk(get_resolver()):
        ids = {**OBJECT_IDS, **OBJECT_IDS_FOR.get(name, {})}
        try:
            urls.append(reverse(name, kwargs={k: ids[k](cast) for k in converters}))
        except KeyError:
            continue  # a pattern with an id kind the walk does not fill
    return urls


def _crawl(client, start, limit=400):
    """GET every page reachable from `start` by links, forms and htmx attributes."""
    seen, queue, pages = set(), list(start), {}
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0].replace("&amp;", "&")
        if url in seen or url.startswith("/static/") or "sign-out" in url:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        body = response.content.decode(errors="replace")
        pages[url] = body
        queue.extend(HREF.findall(body))
    return pages


@pytest.mark.parametrize("who", [w for w in EVERYONE if w != "river"])
def test_no_page_anyone_else_can_reach_shows_an_unshared_reflection(client, cast, who):
    note, shared_note = _reflections(cast)
    cast_draft(cast)
    cast_session(cast)
    user = getattr(cast, who)
    client.force_login(user)
    pages = _crawl(client, ["/", *_all_urls(cast)])
    assert len(pages) > 20  # the crawl itself reached the site
    for url, body in pages.items():
        assert CANARY_REFLECTION not in body, f"{who} saw the private reflection at {url}"
        if who != "sam":
            assert CANARY_SHARED_REFLECTION not in body, f"{who} saw a shared reflection at {url}"
    if who == "sam":  # the one reflection shared with Sam is found by the same crawl
        assert any(CANARY_SHARED_REFLECTION in body for body in pages.values())


def test_the_crawl_does_find_the_reflection_for_its_author(client, cast):
    """Guards the canary test: the same crawl as the author finds both reflections."""
    _reflections(cast)
    client.force_login(cast.river)
    pages = _crawl(client, ["/", *_all_urls(cast)])
    everything = "\n".join(pages.values())
    assert CANARY_REFLECTION in everything and CANARY_SHARED_REFLECTION in everything
