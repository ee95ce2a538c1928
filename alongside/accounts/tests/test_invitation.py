import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Invitation, User
from alongside.audit.models import AuditEvent
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


def test_the_set_up_page_asks_for_the_password_in_plain_words(client, cast):
    _, link = _invite(client, cast)
    body = client.get(link, follow=True).content.decode()
    assert "New password again" in body
    assert "not your name, and not something easy to guess" in body
    assert "for verification" not in body
    assert "commonly used password" not in body


def test_two_different_passwords_are_told_apart_plainly(client, cast):
    _, link = _invite(client, cast)
    page = client.get(link, follow=True)
    response = client.post(
        page.redirect_chain[-1][0],
        {
            "username": "kai",
            "new_password1": "a long new passphrase",
            "new_password2": "a long new passphrase!",
        },
    )
    body = response.content.decode()
    assert "The two passwords are not the same. Type the same password in both boxes." in body
    assert "apart from passwords: type those again." in body
    assert "didn’t match" not in body


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


# Issue 11, items 2 and 3: every invitation link is single-use, superseded by a newer one,
# withdrawable, bound to the address it was sent to, expires, and never turns an account on.


def _link_works(client, link):
    client.logout()
    return "This link no longer works" not in client.get(link, follow=True).content.decode()


def test_a_new_invitation_supersedes_the_one_sent_to_a_mistyped_address(client, cast):
    target = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Kai", email="kia@example.invalid"
    )
    _, wrong_link = _invite(client, cast, target)
    target.refresh_from_db()
    target.email = "kai@example.invalid"  # the therapist corrects the address
    target.save()
    assert not _link_works(client, wrong_link)  # dead as soon as the address changes
    _, right_link = _invite(client, cast, target)
    assert mail.outbox[-1].to == ["kai@example.invalid"]
    response = _accept(client, wrong_link, username="takeover")
    assert "This link no longer works" in response.content.decode()
    target.refresh_from_db()
    assert target.user.username != "takeover" and not target.user.has_usable_password()
    assert _accept(client, right_link).request["PATH_INFO"] == reverse("portal:home")


def test_sending_again_to_the_same_address_supersedes_the_first_link(client, cast):
    target, first = _invite(client, cast)
    _, second = _invite(client, cast, target)
    assert not _link_works(client, first) and _link_works(client, second)


def test_the_therapist_sees_and_withdraws_an_open_invitation(client, cast):
    target, link = _invite(client, cast)
    client.force_login(cast.river)
    page = client.get(reverse("clients:detail", args=[target.pk])).content.decode()
    assert "Open invitation: sent to kai@example.invalid" in page
    client.post(reverse("clients:invite", args=[target.pk]), {"withdraw": "1"})
    page = client.get(reverse("clients:detail", args=[target.pk])).content.decode()
    assert "No invitation link is open" in page
    assert not _link_works(client, link)
    assert AuditEvent.objects.filter(object_type="invitation", client_id=target.pk).exists()


def test_an_invitation_expires(client, cast, settings):
    _, link = _invite(client, cast)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not _link_works(client, link)


def test_an_old_invitation_does_not_turn_a_turned_off_account_back_on(client, cast):
    target, link = _invite(client, cast)
    target.refresh_from_db()
    target.user.is_active = False
    target.user.save()
    response = _accept(client, link)
    assert "This link no longer works" in response.content.decode()
    target.user.refresh_from_db()
    assert not target.user.is_active and not target.user.has_usable_password()
    # Nor does asking for a new one.
    client.force_login(cast.river)
    client.post(reverse("clients:invite", args=[target.pk]))
    assert len(mail.outbox) == 1
    target.user.refresh_from_db()
    assert not target.user.is_active


def test_accepting_never_sets_the_active_flag(cast):
    from alongside.accounts.forms import AcceptInvitationForm

    cast.client_user.is_active = False
    cast.client_user.save()
    password = "kettle lantern orchard seventeen"  # noqa: S105
    form = AcceptInvitationForm(
        cast.client_user,
        {"username": "ash-2", "new_password1": password, "new_password2": password},
    )
    assert form.is_valid(), form.errors
    form.save()
    cast.client_user.refresh_from_db()
    assert not cast.client_user.is_active


def test_only_the_token_hash_is_stored(client, cast):
    _, link = _invite(client, cast)
    token = link.rstrip("/").split("/")[-1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.count() == 1


def test_a_staff_invitation_is_superseded_withdrawn_and_bound_to_the_address(client, cast):
    client.force_login(cast.admin)
    client.post(
        reverse("accounts:staff_create"),
        {"first_name": "Robin", "email": "robni@example.invalid", "role": "therapist"},
    )
    robin = User.objects.get(first_name="Robin")
    first = _link_in(mail.outbox[-1])
    edit = reverse("accounts:staff_edit", args=[robin.pk])
    client.post(
        edit,
        {
            "first_name": "Robin",
            "email": "robin@example.invalid",
            "role": "therapist",
            "is_active": "on",
        },
    )
    assert not _link_works(client, first)  # the address it went to is no longer Robin's
    client.force_login(cast.admin)
    assert "No invitation link is open" in client.get(edit).content.decode()
    client.post(reverse("accounts:staff_invite", args=[robin.pk]))
    assert mail.outbox[-1].to == ["robin@example.invalid"]
    second = _link_in(mail.outbox[-1])
    client.force_login(cast.admin)
    assert "Sent to robin@example.invalid" in client.get(edit).content.decode()
    client.post(reverse("accounts:staff_invite", args=[robin.pk]), {"withdraw": "1"})
    assert not _link_works(client, second)


def _link_in(message):
    return re.search(r"http://testserver(/welcome/\S+)", message.body).group(1)
