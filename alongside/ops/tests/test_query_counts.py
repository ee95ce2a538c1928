"""Pages cost the same number of queries however much data is behind them (no N+1).

Each page is measured twice in one test: with a small practice, then after the data has
grown twentyfold. Only the two counts are compared, so features that add a fixed number of
queries need no change here; a query per client, session or activity fails.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.clients.models import Client, ClientActivity
from alongside.notes.models import Modality, Session

SMALL = {"clients": 3, "sessions": 5}
LARGE = {"clients": 60, "sessions": 300}


def grow(cast, *, clients: int, sessions: int) -> None:
    """Bring River's caseload, Ash's sessions and everyone's activity up to these sizes."""
    have = Client.objects.filter(therapist=cast.river).count()
    for n in range(have, clients):
        client = Client.objects.create(
            practice=cast.practice,
            therapist=cast.river,
            chosen_name=f"Client {n}",
            pronouns="they/them",
        )
        Session.objects.create(client=client, date=datetime.date(2025, 2, 1), modality="video")
        ClientActivity.objects.create(client=client, kind="comment", summary="Left a comment")
    start = datetime.date(2024, 1, 1)
    have = Session.objects.filter(client=cast.client).count()
    Session.objects.bulk_create(
        Session(
            client=cast.client, date=start + datetime.timedelta(days=n), modality=Modality.VIDEO
        )
        for n in range(have, sessions)
    )
    ClientActivity.objects.create(client=cast.client, kind="comment", summary="Left a comment")


def queries(client, url) -> int:
    client.get(url)  # warm up: first-request work (session, caches) is not what we measure
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = {
    "caseload": ("river", lambda cast: reverse("clients:caseload")),
    "client page": ("river", lambda cast: reverse("clients:detail", args=[cast.client.pk])),
    "supervisor's caseloads": ("sam", lambda cast: reverse("clients:supervision")),
    "portal home": ("client_user", lambda cast: reverse("portal:home")),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_queries_per_page_do_not_grow_with_the_data(client, cast, page):
    who, url_of = PAGES[page]
    client.force_login(getattr(cast, who))
    url = url_of(cast)

    grow(cast, **SMALL)
    small = queries(client, url)
    grow(cast, **LARGE)
    large = queries(client, url)

    assert Client.objects.filter(therapist=cast.river).count() == LARGE["clients"]
    assert large == small, (
        f"{page}: {small} queries with {SMALL}, {large} with {LARGE}: a query per row?"
    )
