from django.urls import reverse

from alongside.audit.chain import record
from alongside.audit.models import Action


def test_a_client_sees_only_their_own_record(client, cast):
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Ash Canary" in body and "he/him" in body
    assert "Noor Canary" not in body


def test_a_client_changes_their_own_details(client, cast):
    client.force_login(cast.client_user)
    response = client.post(
        reverse("portal:edit"),
        {
            "chosen_name": "Ash",
            "pronouns": "he/they",
            "version": cast.client.version,
        },
    )
    assert response.status_code == 302
    cast.client.refresh_from_db()
    assert (cast.client.chosen_name, cast.client.pronouns, cast.client.version) == (
        "Ash",
        "he/they",
        2,
    )


def test_who_has_seen_my_record_lists_the_therapist(client, cast):
    client.force_login(cast.river)
    client.get(cast.client.get_absolute_url())
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:who_has_seen")).content.decode()
    assert "River</strong>, your therapist" in body and "Looked at: your profile" in body


def test_who_has_seen_my_record_shows_nothing_about_other_clients(client, cast):
    record(
        actor=cast.colleague,
        action=Action.VIEW,
        object_type="client",
        object_id=cast.other_client.pk,
        client_id=cast.other_client.pk,
    )
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:who_has_seen")).content.decode()
    assert "Colleague" not in body


def test_a_client_user_without_a_record_gets_404(client, cast):
    cast.client.user = None
    cast.client.save()
    client.force_login(cast.client_user)
    assert client.get(reverse("portal:home")).status_code == 404
