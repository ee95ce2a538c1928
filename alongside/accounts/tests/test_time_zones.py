"""Each person sees times in their own zone, else the practice's, else the site's."""

import pytest
from django.urls import reverse

from alongside.accounts.models import Practice, User
from alongside.accounts.timezones import zone_name_for


def test_a_person_without_a_zone_sees_the_practice_zone(cast):
    cast.practice.time_zone = "America/Toronto"
    cast.practice.save()
    river = User.objects.get(pk=cast.river.pk)
    assert zone_name_for(river) == "America/Toronto"


def test_a_persons_own_zone_wins_over_the_practice_zone(cast):
    cast.practice.time_zone = "America/Toronto"
    cast.practice.save()
    cast.river.time_zone = "Asia/Kolkata"
    assert zone_name_for(cast.river) == "Asia/Kolkata"


def test_with_no_zone_anywhere_the_site_zone_is_used(cast, settings):
    settings.TIME_ZONE = "Europe/London"
    assert zone_name_for(cast.river) == "Europe/London"


def test_the_page_shows_times_in_the_chosen_zone(client, cast):
    cast.river.time_zone = "Pacific/Auckland"
    cast.river.save()
    client.force_login(cast.river)
    page = client.get(reverse("accounts:time_zone")).content.decode()
    assert "Times are shown to you in Pacific/Auckland time." in page


def test_a_person_chooses_their_zone(client, cast):
    client.force_login(cast.client_user)
    response = client.post(reverse("accounts:time_zone"), {"time_zone": "Europe/Berlin"})
    assert response.status_code == 302
    cast.client_user.refresh_from_db()
    assert cast.client_user.time_zone == "Europe/Berlin"


def test_a_made_up_zone_is_refused_next_to_its_field(client, cast):
    client.force_login(cast.river)
    response = client.post(reverse("accounts:time_zone"), {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert "Choose a time zone from the list" in response.content.decode()
    cast.river.refresh_from_db()
    assert cast.river.time_zone == ""


def test_the_admin_sets_the_practice_zone_and_others_cannot(client, cast):
    client.force_login(cast.admin)
    client.post(
        reverse("accounts:time_zone"), {"practice": "1", "practice-time_zone": "Africa/Lagos"}
    )
    assert Practice.objects.get(pk=cast.practice.pk).time_zone == "Africa/Lagos"
    client.force_login(cast.river)
    client.post(
        reverse("accounts:time_zone"), {"practice": "1", "practice-time_zone": "Asia/Tokyo"}
    )
    assert Practice.objects.get(pk=cast.practice.pk).time_zone == "Africa/Lagos"


@pytest.mark.parametrize("zone", ["", "UTC", "America/Sao_Paulo"])
def test_every_listed_zone_is_accepted(client, cast, zone):
    client.force_login(cast.river)
    assert client.post(reverse("accounts:time_zone"), {"time_zone": zone}).status_code == 302
