"""The client asks for a time within the therapist's availability; the therapist confirms
(or the practice turns self-booking on); the client cancels; freed times go to the waiting list."""

from datetime import time, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.appointments import availability, records
from alongside.appointments.models import Appointment, Status, TimeOff, WaitingEntry, WorkingHours
from alongside.appointments.tests.objects import appointment, at
from alongside.clients.models import ClientActivity


def _works_every_day(therapist, start=9, end=12):
    for day in range(7):
        WorkingHours.objects.create(
            therapist=therapist, weekday=day, starts=time(start), ends=time(end)
        )


def _free(cast):
    return availability.free_times(cast.river, minutes=50, notice_hours=24)


def test_free_times_are_within_working_hours_and_not_on_days_off_or_booked(cast):
    _works_every_day(cast.river)
    day_off = timezone.localdate() + timedelta(days=3)
    TimeOff.objects.create(therapist=cast.river, first_day=day_off, last_day=day_off)
    taken = appointment(cast, starts_at=at(days=4, hour=10))
    times = _free(cast)
    assert times, "a working week has free times"
    assert all(time(9) <= timezone.localtime(t).time() <= time(11, 10) for t in times)
    assert not any(timezone.localtime(t).date() == day_off for t in times)
    assert taken.starts_at not in times
    assert all(t >= timezone.now() + timedelta(hours=24) for t in times)


def test_the_client_asks_for_a_time_and_the_therapist_is_told(client, cast):
    _works_every_day(cast.river)
    chosen = _free(cast)[0]
    client.force_login(cast.client_user)
    response = client.post(reverse("appointments:my_ask"), {"starts_at": chosen.isoformat()})
    assert response.status_code == 302
    asked = Appointment.objects.get()
    assert (asked.status, asked.starts_at, asked.asked_by_client) == (
        Status.REQUESTED,
        chosen,
        True,
    )
    activity = ClientActivity.objects.get(client=cast.client)
    assert activity.summary == "asked for a time"


def test_free_times_are_offered_a_day_at_a_time_with_the_day_as_the_group_name(client, cast):
    import re

    from django.utils.formats import date_format
    from django.utils.text import capfirst

    _works_every_day(cast.river)
    times = _free(cast)
    days = sorted({timezone.localtime(t).date() for t in times})
    client.force_login(cast.client_user)
    page = client.get(reverse("appointments:my_ask")).content.decode()
    legends = re.findall(r'<fieldset class="times-day"><legend>([^<]+)</legend>', page)
    assert legends == [capfirst(date_format(day, "WEEKDAY_DATE_FORMAT")) for day in days]
    first = timezone.localtime(times[0])
    assert f'value="{times[0].isoformat()}"' in page
    assert re.search(rf'id="id_starts_at_0_0"[^>]*>\s*{first:%H:%M}</label>', page)
    assert page.count('type="radio"') == len(times)


def test_a_time_outside_availability_is_refused(client, cast):
    _works_every_day(cast.river)
    client.force_login(cast.client_user)
    outside = at(days=5, hour=20).isoformat()
    response = client.post(reverse("appointments:my_ask"), {"starts_at": outside})
    assert response.status_code == 200
    assert not Appointment.objects.exists()


def test_the_therapist_confirms_and_the_client_gets_an_email(
    client, cast, django_capture_on_commit_callbacks
):
    _works_every_day(cast.river)
    asked = records.ask(cast.client_user, cast.client, _free(cast)[0])
    client.force_login(cast.river)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:confirm", args=[asked.pk]))
    asked.refresh_from_db()
    assert asked.status == Status.BOOKED
    assert mail.outbox[0].subject == "Your appointment is booked"


def test_with_self_booking_on_the_time_is_booked_at_once(client, cast):
    _works_every_day(cast.river)
    rules = records.booking_rules(cast.practice)
    rules.self_booking = True
    rules.save()
    client.force_login(cast.client_user)
    client.post(reverse("appointments:my_ask"), {"starts_at": _free(cast)[0].isoformat()})
    assert Appointment.objects.get().status == Status.BOOKED


def test_the_clients_home_shows_the_next_appointment_and_how_to_change_it(client, cast):
    item = appointment(cast)
    client.force_login(cast.client_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Your next appointment" in page
    assert reverse("appointments:my_detail", args=[item.pk]) in page


def test_the_client_cancels_and_the_practice_counts_it_as_theirs(client, cast):
    item = appointment(cast)
    client.force_login(cast.client_user)
    client.post(reverse("appointments:my_cancel", args=[item.pk]), {"reason": "Work shift"})
    item.refresh_from_db()
    assert (item.status, item.cancelled_by) == (Status.CANCELLED, "client")
    assert ClientActivity.objects.get(client=cast.client).summary == "cancelled an appointment"


def test_a_freed_time_is_offered_to_who_waited_longest_and_they_can_take_it(
    client, cast, django_capture_on_commit_callbacks
):
    # Noor (the colleague's client) moves to River's caseload and waits for a sooner time.
    cast.other_client.therapist = cast.river
    cast.other_client.email = "noor@example.invalid"
    cast.other_client.save()
    WaitingEntry.objects.create(
        client=cast.other_client, kind="sooner", added_at=timezone.now() - timedelta(days=9)
    )
    item = appointment(cast)
    with django_capture_on_commit_callbacks(execute=True):
        records.cancel(cast.river, item, by="practice", reason="")
    entry = WaitingEntry.objects.get(client=cast.other_client)
    assert entry.offered_start == item.starts_at
    assert any(m.to == ["noor@example.invalid"] for m in mail.outbox)
    client.force_login(cast.other_client_user)
    client.post(reverse("appointments:my_take_offer"))
    taken = Appointment.objects.get(client=cast.other_client)
    assert taken.starts_at == item.starts_at
    entry.refresh_from_db()
    assert entry.ended_at is not None
