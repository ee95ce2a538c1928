"""The footer names the zone times are shown in, in words a client knows."""

from django.urls import reverse


def test_utc_is_named_with_greenwich_mean_time_for_a_client(client, cast):
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Times are shown in UTC, the same as Greenwich Mean Time." in body
    assert "Times are shown in UTC time." not in body


def test_another_zone_is_named_as_it_is(client, cast):
    cast.client_user.time_zone = "Europe/Madrid"
    cast.client_user.save(update_fields=["time_zone"])
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Times are shown in Europe/Madrid time." in body
