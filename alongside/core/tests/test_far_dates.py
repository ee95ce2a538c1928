"""Dates at the ends of the calendar (year 1 or 9999) are refused or ignored, never a
server error: found by sending them to every date a page or form takes. Each was an
OverflowError (a 500) in date arithmetic: a week's Monday, an appointment's end, a report's
last day plus one."""

import pytest
from django.urls import reverse

from alongside.appointments.models import Appointment
from alongside.core.forms import Form

FAR = ["0001-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("page", ["appointments:calendar", "appointments:day"])
def test_the_calendar_shows_today_for_a_date_it_cannot_reach(client, cast, page, day):
    client.force_login(cast.river)
    assert client.get(reverse(page), {"date": day}).status_code == 200


@pytest.mark.parametrize("day", FAR)
def test_booking_at_the_end_of_the_calendar_is_refused_next_to_the_date(client, cast, day):
    client.force_login(cast.river)
    response = client.post(
        reverse("appointments:new"),
        {
            "client": cast.client.pk,
            "date": day,
            "time": "23:59",
            "minutes": "50",
            "modality": "in_person",
            "count": "3",
            "repeat": "weekly",
        },
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(("since", "until"), [(FAR[0], FAR[1]), (FAR[1], FAR[1])])
@pytest.mark.parametrize("url", ["/practice/equity/", "/practice/equity/export.csv"])
def test_a_report_period_at_the_end_of_the_calendar_is_not_a_server_error(
    client, cast, url, since, until
):
    client.force_login(cast.river)
    response = client.get(url, {"since": since, "until": until})
    assert response.status_code in (200, 400)


def test_every_shared_form_refuses_a_date_outside_the_years_it_can_work_with():
    from django import forms

    class Dated(Form):
        day = forms.DateField()

    assert not Dated({"day": "9999-12-31"}).is_valid()
    assert not Dated({"day": "0001-01-01"}).is_valid()
    assert Dated({"day": "2031-02-28"}).is_valid()
