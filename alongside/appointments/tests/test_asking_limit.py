"""A client can't take every free time in the calendar from the portal: probing as Ash, one
client asked for twelve times in a row (and could have taken all 167 offered), each one a
slot no other client could have and a note to the therapist."""

import pytest
from django.urls import reverse

from alongside.appointments import records
from alongside.appointments.models import Appointment, Status
from alongside.appointments.tests.test_portal import _free, _works_every_day
from alongside.clients.models import ClientActivity


def _ask(client, cast, n):
    return client.post(reverse("appointments:my_ask"), {"starts_at": _free(cast)[n].isoformat()})


@pytest.mark.parametrize("self_booking", [False, True])
def test_a_client_holds_only_a_few_times_they_asked_for_ahead(client, cast, self_booking):
    _works_every_day(cast.river)
    rules = records.booking_rules(cast.practice)
    rules.self_booking = self_booking
    rules.save()
    client.force_login(cast.client_user)
    for _ in range(records.MAX_ASKED_AHEAD):
        assert _ask(client, cast, 0).status_code == 302
    refused = _ask(client, cast, 0)
    assert refused.status_code == 200
    assert "starts_at" in refused.context["form"].errors
    assert Appointment.objects.filter(client=cast.client).count() == records.MAX_ASKED_AHEAD
    assert ClientActivity.objects.filter(client=cast.client).count() == records.MAX_ASKED_AHEAD


def test_times_the_therapist_booked_or_that_are_over_do_not_count(client, cast):
    _works_every_day(cast.river)
    client.force_login(cast.client_user)
    for _ in range(records.MAX_ASKED_AHEAD):
        _ask(client, cast, 0)
    # The therapist turns one down: that time no longer counts against the client.
    asked = Appointment.objects.filter(client=cast.client).first()
    asked.status = Status.DECLINED
    asked.save()
    assert _ask(client, cast, 0).status_code == 302
