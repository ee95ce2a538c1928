import re

from django.core import mail
from django.urls import reverse

from alongside.clients.models import Client


def _invite(client, cast, target=None):
    target = target or Client.objects.create(
        practice=cast.practice,
        therapist=cast.river,
        chosen_name="Kai New",
        email="kai@example.invalid",
    )
    client.force_login(cast.river)
    response = client.post(reverse("clients:invite", args=[target.pk]))
    assert response.status_code == 302
    link = re.search(r"http://testserver(/welcome/\S+)", mail.outbox[-1].body).group(1)
    client.logout()
    return target, link


def _accept(client, link, username="kai-signs-in", password="a long new passphrase"):
    page = client.get(link, follow=True)
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {
            "username": username,
            "new_password1": password,
            "new_password2": password,
        },
        follow=True,
    )


def test_an_invited_client_sets_a_password_and_sees_their_profile(client, cast):
    target, link = _invite(client, cast)
    assert mail.outbox[0].to == ["kai@example.invalid"]
    response = _accept(client, link)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("portal:home")
    assert "Hello, Kai New" in response.content.decode()
    target.refresh_from_db()
    assert target.user.username == "kai-signs-in" and target.user.has_usable_password()


def test_an_invitation_link_works_only_once(client, cast):
    _, link = _invite(client, cast)
    _accept(client, link)
    client.logout()
    response = client.get(link, follow=True)
    assert "This link no longer works" in response.content.decode()


def test_a_tampered_link_does_not_work(client, cast):
    _, link = _invite(client, cast)
    response = client.get(link[:-3] + "abc/", follow=True)
    assert "This link no longer works" in response.content.decode()


def test_a_weak_password_is_refused_next_to_the_field_and_the_name_is_kept(client, cast):
    _, link = _invite(client, cast)
    response = _accept(client, link, username="kept-name", password="short")
    body = response.content.decode()
    assert 'id="id_new_password2_errors"' in body
    assert "at least 12 characters" in body
    assert 'value="kept-name"' in body


def test_a_taken_sign_in_name_is_refused(client, cast):
    _, link = _invite(client, cast)
    response = _accept(client, link, username="river")
    assert "That sign-in name is taken" in response.content.decode()


def test_a_client_without_an_email_is_not_invited(client, cast):
    target = Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="Lee")
    client.force_login(cast.river)
    response = client.post(reverse("clients:invite", args=[target.pk]), follow=True)
    assert "Add an email address" in response.content.decode()
    assert mail.outbox == []
