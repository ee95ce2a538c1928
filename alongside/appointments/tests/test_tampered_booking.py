"""A booking form edited in the browser: another therapist's client put in the select, or a
script address as the video link. Neither is stored."""

import pytest
from django.urls import reverse

from alongside.appointments.models import Appointment
from alongside.appointments.tests.objects import at
from alongside.appointments.tests.test_calendar import _book


def test_a_colleagues_client_can_not_be_booked_by_editing_the_select(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("appointments:new"),
        {
            "client": cast.other_client.pk,
            "date": at(days=7).date().isoformat(),
            "time": "10:00",
            "minutes": "50",
            "modality": "in_person",
            "count": "1",
        },
    )
    assert response.status_code == 200
    assert "Noor Canary" not in response.content.decode()
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"],
)
def test_a_script_address_is_never_a_video_link(client, cast, link):
    client.force_login(cast.river)
    _book(client, cast, modality="video", video_link=link)
    assert not Appointment.objects.exclude(video_link="").exists()
