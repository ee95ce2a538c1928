"""The measures door (measures/access.py): another client's check-in, answers or prompt is
the same 404 as a missing one, and the attempt is audited as a refusal, with ids only."""

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent, Outcome
from alongside.measures.tests import objects


def _refusals(object_type):
    return AuditEvent.objects.filter(object_type=object_type, outcome=Outcome.DENIED)


@pytest.mark.parametrize(
    ("name", "make", "kwarg", "object_type", "method"),
    [
        ("measures:stop", objects.assignment, "assignment_id", "assignment", "post"),
        ("measures:make_link", objects.open_check_in, "check_in_id", "check_in", "post"),
        ("measures:response", objects.response, "response_id", "measure_response", "get"),
        ("measures:flag", objects.prompt, "prompt_id", "measure_flag", "get"),
    ],
)
def test_another_clients_measure_is_a_404_and_the_attempt_is_audited(
    client, cast, name, make, kwarg, object_type, method
):
    mine = make(cast)
    client.force_login(cast.colleague)  # a therapist, but of the other client
    # Through the other client's record, which the colleague may open: the object is not his.
    url = reverse(name, kwargs={"client_id": cast.other_client.pk, kwarg: mine.pk})
    answer = getattr(client, method)(url)
    assert answer.status_code == 404
    refused = _refusals(object_type).get()
    assert refused.actor_id == cast.colleague.pk and refused.object_id == str(mine.pk)


def test_a_stopped_schedule_is_refused_like_a_missing_one(client, cast):
    schedule = objects.assignment(cast)
    client.force_login(cast.river)
    stop = reverse("measures:stop", args=[cast.client.pk, schedule.pk])
    assert client.post(stop).status_code == 302
    assert client.post(stop).status_code == 404
    assert _refusals("assignment").count() == 1
