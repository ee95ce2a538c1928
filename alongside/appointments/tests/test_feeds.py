"""Calendar feeds: unguessable, revocable, only "Appointment" and a time unless the person
chooses names; read back with the icalendar package."""

import re

from django.urls import reverse
from icalendar import Calendar

from alongside.appointments import feeds
from alongside.appointments.models import CalendarFeed
from alongside.appointments.tests.objects import CANARY_REASON, appointment


def _events(body: bytes):
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def _address(client, user, **choice):
    client.force_login(user)
    page = client.post(reverse("appointments:feeds"), choice).content.decode()
    # The feed's own address (the page's path also appears, in the language switcher).
    return re.search(r"/calendar-feeds/[^/\s\"'<>]+\.ics", page)[0]


def test_a_therapists_feed_validates_and_names_nobody_by_default(client, cast):
    item = appointment(cast)
    path = _address(client, cast.river)
    client.logout()
    response = client.get(path)
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["SUMMARY"]) == "Appointment"
    assert event.decoded("DTSTART") == item.starts_at
    for secret in (b"Ash", b"Canary", CANARY_REASON.encode(), b"River"):
        assert secret not in response.content


def test_names_appear_only_when_the_person_chooses(client, cast):
    appointment(cast)
    path = _address(client, cast.river, show_names="on")
    (event,) = _events(client.get(path).content)
    assert str(event["SUMMARY"]) == "Appointment with Ash Canary"


def test_the_clients_feed_holds_their_own_appointments(client, cast):
    appointment(cast)
    path = _address(client, cast.client_user)
    assert len(_events(client.get(path).content)) == 1


def test_only_a_hash_of_the_address_is_kept(client, cast):
    path = _address(client, cast.river)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get()
    assert token not in stored.token_hash
    assert feeds.find(token) == stored


def test_a_revoked_address_stops_working(client, cast):
    path = _address(client, cast.river)
    feed = CalendarFeed.objects.get()
    client.post(reverse("appointments:feed_revoke", args=[feed.pk]))
    assert client.get(path).status_code == 404


def test_a_made_up_address_is_not_found(client, cast):
    assert client.get(reverse("appointments:feed", args=["not-a-real-token"])).status_code == 404
