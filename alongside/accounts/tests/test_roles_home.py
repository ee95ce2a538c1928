import pytest
from django.urls import reverse

from alongside.clients.models import Client


@pytest.mark.parametrize(
    "who, lands_on",
    [
        ("river", "clients:caseload"),
        ("sam", "clients:supervision"),
        ("client_user", "portal:home"),
        ("admin", "accounts:staff"),
    ],
)
def test_each_role_lands_on_its_own_home(client, cast, who, lands_on):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("accounts:home"))
    assert response.url == reverse(lands_on)


def test_signing_out_is_needed_to_see_any_page(client, cast):
    response = client.get(reverse("clients:caseload"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_admin_manages_accounts_and_sees_no_client_record(client, cast):
    for admin in (cast.admin, cast.superuser):
        client.force_login(admin)
        body = client.get(reverse("accounts:staff")).content.decode()
        assert "River" in body
        assert "Canary" not in body and "Noor" not in body
        assert client.get(reverse("clients:caseload")).status_code == 404
        assert client.get(reverse("portal:home")).status_code == 404
        assert not Client.objects.visible_to(admin).exists()


def test_the_admin_creates_a_staff_account_and_an_invitation_is_sent(client, cast):
    from django.core import mail

    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:staff_create"),
        {
            "first_name": "Robin",
            "last_name": "Newhire",
            "email": "robin@example.invalid",
            "role": "therapist",
            "supervisor": cast.sam.pk,
        },
    )
    assert response.status_code == 302
    robin = cast.practice.user_set.get(first_name="Robin")
    assert not robin.has_usable_password()
    # Named, not yet linked: Sam reads Robin's clients only once Robin confirms.
    assert robin.proposed_supervisor == cast.sam and robin.supervisor is None
    assert {"robin@example.invalid"} == {m.to[0] for m in mail.outbox}


def test_staff_form_refuses_bad_input_next_to_the_field(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:staff_create"),
        {
            "first_name": "",
            "email": "not-an-email",
            "role": "client",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_first_name_errors"' in body and 'id="id_email_errors"' in body
    assert 'id="id_role_errors"' in body  # a client account can't be made here
    assert 'value="not-an-email"' in body


def test_the_admin_cannot_turn_off_their_own_account(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:staff_edit", args=[cast.admin.pk]),
        {
            "first_name": "Admin",
            "email": "a@example.invalid",
            "role": "admin",
        },
    )
    assert "turn off your own account" in response.content.decode()
    cast.admin.refresh_from_db()
    assert cast.admin.is_active


def test_supervisor_sees_supervisees_caseload_only(client, cast):
    client.force_login(cast.sam)
    body = client.get(reverse("clients:supervision")).content.decode()
    assert "Ash Canary" in body and "Noor Canary" not in body
    detail = client.get(reverse("clients:detail", args=[cast.client.pk])).content.decode()
    assert "Read-only" in detail and reverse("clients:edit", args=[cast.client.pk]) not in detail
