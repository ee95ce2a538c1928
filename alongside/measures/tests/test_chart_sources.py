"""Where a chart's size of real change comes from is a citation for staff (a journal reference);
the client's own chart says what the size means and leaves the reference out, as their check-in
pages leave out the licence line."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.measures.tests.conftest import answered, phq

CITATION = "J Affect Disord"


def _two_answers(cast):
    start = timezone.now() - timedelta(weeks=8)
    answered(cast.client, "phq-9", phq(2, 2, 3, 2, 2, 2, 2, 1, 0), at=start)
    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0), at=start + timedelta(weeks=6))


def test_the_clients_chart_says_what_a_real_change_is_without_the_journal_reference(client, cast):
    _two_answers(cast)
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine")).content.decode()
    assert "is more than day-to-day variation" in body
    assert CITATION not in body


def test_the_therapists_chart_keeps_the_reference(client, cast):
    _two_answers(cast)
    client.force_login(cast.river)
    body = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    assert CITATION in body
