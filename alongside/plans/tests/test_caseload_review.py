"""Plans due for review on the therapist's caseload, at a constant query cost."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.clients.models import Client
from alongside.clients.tests.test_caseload_pages import add_clients
from alongside.plans.models import Plan

pytestmark = pytest.mark.django_db


def _due_for_all(cast):
    soon = timezone.localdate() + timedelta(days=1)
    for client in Client.objects.filter(therapist=cast.river):
        Plan.objects.update_or_create(client=client, defaults={"review_on": soon})


def _queries(client):
    client.get(reverse("clients:caseload"))  # the first request of a session reads more
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:caseload")).content.decode()
    return len(queries), body


def test_the_caseload_shows_every_review_due_at_the_same_query_cost(client, cast):
    client.force_login(cast.river)
    add_clients(cast, 9)
    _due_for_all(cast)
    few, body = _queries(client)
    assert body.count("Plan review due") == 10
    add_clients(cast, 60)
    _due_for_all(cast)
    many, body = _queries(client)
    assert body.count("Plan review due") == 50  # one page
    assert few == many
