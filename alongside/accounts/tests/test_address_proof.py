"""A client's password-reset link goes only to an address the client proved is theirs.

Whoever can edit the client's record (their therapist on the profile page, or the API as the
therapist) can't change the address, ask "forgot my password" in the client's name and
become the client in the portal. The client is told at their next sign-in and confirms a new
address with a link opened while signed in."""

import re
import time

import pytest
from django.core.cache import cache
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from alongside.accounts import addresses, resets
from alongside.accounts.models import AddressConfirmation, AddressProof, User
from alongside.audit.models import AuditEvent, Outcome
from alongside.clients.models import Client
from alongside.core.tests.test_encryption import raw_row
from conftest import SignedInClient

THERAPISTS_OWN = "someone-else@example.invalid"
KAIS_NEW = "kai.new@example.invalid"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _link(mailoutbox, path):
    return re.search(rf"http://testserver(/{path}/\S+)", mailoutbox[-1].body).group(1)


def _forgot(name):
    """What anyone asking "forgot my password" for `name` is shown, and how long it took."""
    started = time.monotonic()
    response = Browser().post(reverse("accounts:forgot_password"), {"username": name})
    took = time.monotonic() - started
    # The nonce and masked CSRF token change on every page; everything else must not.
    page = re.sub(r'nonce="[^"]+"', "", response.content.decode())
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return (response.status_code, page), took


@pytest.fixture
def kai(cast, mailoutbox):
    """A client invited by River who set up their account from the link: the real path."""
    record_ = Client.objects.create(
        practice=cast.practice,
        therapist=cast.river,
        chosen_name="Kai New",
        email="kai@example.invalid",
    )
    therapist = SignedInClient()
    therapist.force_login(cast.river)
    assert therapist.post(reverse("clients:invite", args=[record_.pk])).status_code == 302
    browser = Browser()
    page = browser.get(_link(mailoutbox, "welcome"), follow=True)
    password = "a long new passphrase"  # noqa: S105
    browser.post(
        page.redirect_chain[-1][0],
        {"username": "kai-signs-in", "new_password1": password, "new_password2": password},
    )
    record_.refresh_from_db()
    assert record_.user.has_usable_password()
    mailoutbox.clear()
    return record_


def _therapist_sets_address(cast, record_, address):
    therapist = SignedInClient()
    therapist.force_login(cast.river)
    response = therapist.post(
        reverse("clients:edit", args=[record_.pk]),
        {"chosen_name": record_.chosen_name, "email": address, "version": record_.version},
    )
    assert response.status_code == 302
    told = therapist.get(response.url).content.decode()
    assert "will be asked to confirm the new email address when they next sign in" in told
    record_.refresh_from_db()


def _signed_in_as(user):
    browser = SignedInClient()
    browser.force_login(user)
    return browser


def _confirm_from_the_portal(browser, mailoutbox):
    sent = browser.post(reverse("accounts:send_address_confirmation"), follow=True)
    assert "We sent a link to" in sent.content.decode()
    return _link(mailoutbox, "confirm-email")


def test_accepting_an_invitation_proves_the_address_it_went_to_encrypted(kai, mailoutbox):
    proof = AddressProof.objects.get(user=kai.user)
    assert proof.address == "kai@example.invalid" and proof.proved_at is not None
    assert "kai@example.invalid" not in raw_row(AddressProof, proof.pk)
    _forgot("kai-signs-in")
    assert [m.to for m in mailoutbox] == [["kai@example.invalid"]]


def test_a_therapist_who_changes_the_address_gets_no_reset_link_and_no_sign_of_one(
    cast, kai, mailoutbox
):
    _therapist_sets_address(cast, kai, THERAPISTS_OWN)
    (taken_over, took), (unknown, _) = _forgot("kai-signs-in"), _forgot("nobody-at-all")
    assert mailoutbox == []
    assert taken_over == unknown
    assert took >= resets.ANSWER_SECONDS  # the same timing floor as every other answer
    refused = AuditEvent.objects.get(object_type="password_reset_unproved_address")
    assert (refused.object_id, refused.outcome) == (str(kai.user.pk), Outcome.DENIED)
    change = AuditEvent.objects.get(object_type="client_address")
    assert (change.actor_id, change.client_id) == (cast.river.pk, kai.pk)
    for event in AuditEvent.objects.all():
        assert "@" not in f"{event.object_type} {event.object_id}"


def test_the_client_is_told_at_next_sign_in_confirms_and_then_resets_go_to_the_new_address(
    cast, kai, mailoutbox
):
    _therapist_sets_address(cast, kai, KAIS_NEW)
    browser = _signed_in_as(kai.user)
    home = browser.get(reverse("portal:home")).content.decode()
    today = date_format(timezone.localtime(), "MONTH_DAY_FORMAT")
    assert f"Your therapist changed the email address on your record on {today}." in home
    assert "Password reset emails won’t be sent to it until you confirm it’s yours." in home
    assert f"Send a confirmation link to {KAIS_NEW}" in home
    link = _confirm_from_the_portal(browser, mailoutbox)
    assert mailoutbox[-1].to == [KAIS_NEW]
    opened = browser.get(link)
    # The token leaves the address bar: the page it lands on has none.
    assert opened.status_code == 302 and opened.url == reverse("accounts:confirm_address")
    assert "Yes, this address is mine" in browser.get(opened.url).content.decode()
    done = browser.post(opened.url, follow=True).content.decode()
    assert "we can send a link to kai.new@example.invalid" in done
    assert "Your therapist changed" not in done
    assert AddressProof.objects.get(user=kai.user).address == KAIS_NEW
    _forgot("kai-signs-in")
    assert mailoutbox[-1].to == [KAIS_NEW] and "/new-password/" in mailoutbox[-1].body


def test_a_confirmation_link_proves_nothing_unless_the_client_opens_it_signed_in(
    cast, kai, mailoutbox
):
    _therapist_sets_address(cast, kai, THERAPISTS_OWN)
    link = _confirm_from_the_portal(_signed_in_as(kai.user), mailoutbox)
    # Whoever reads that inbox, signed in as someone else or not at all, gets nowhere.
    therapist = _signed_in_as(cast.river)
    therapist.get(link)
    assert therapist.get(reverse("accounts:confirm_address")).status_code == 404
    assert therapist.post(reverse("accounts:confirm_address")).status_code == 404
    stranger = Browser()
    stranger.get(link)
    assert stranger.post(reverse("accounts:confirm_address")).status_code == 302  # sign in
    assert not addresses.may_receive_sign_in_links(kai.user, THERAPISTS_OWN)
    mailoutbox.clear()
    _forgot("kai-signs-in")
    assert mailoutbox == []


def test_a_confirmation_link_works_once_and_only_for_the_address_it_went_to(cast, kai, mailoutbox):
    _therapist_sets_address(cast, kai, KAIS_NEW)
    browser = _signed_in_as(kai.user)
    link = _confirm_from_the_portal(browser, mailoutbox)
    _therapist_sets_address(cast, kai, THERAPISTS_OWN)  # changed again before it was opened
    browser.get(link)
    stale = browser.post(reverse("accounts:confirm_address")).content.decode()
    assert "This link no longer works" in stale
    assert not addresses.may_receive_sign_in_links(kai.user, THERAPISTS_OWN)
    _therapist_sets_address(cast, kai, KAIS_NEW)
    link = _confirm_from_the_portal(browser, mailoutbox)
    browser.get(link)
    assert browser.post(reverse("accounts:confirm_address")).status_code == 302
    browser.get(link)
    again = browser.get(reverse("accounts:confirm_address")).content.decode()
    assert "This link no longer works" in again
    assert AddressConfirmation.objects.filter(used_at__isnull=False).count() == 1


def test_a_client_asks_for_three_confirmation_links_an_hour_at_most(cast, kai, mailoutbox):
    _therapist_sets_address(cast, kai, KAIS_NEW)
    browser = _signed_in_as(kai.user)
    for _ in range(addresses.PER_PERSON_PER_HOUR):
        _confirm_from_the_portal(browser, mailoutbox)
    refused = browser.post(reverse("accounts:send_address_confirmation"), follow=True)
    assert "You can ask three times an hour" in refused.content.decode()
    assert len(mailoutbox) == addresses.PER_PERSON_PER_HOUR


def test_the_api_changing_the_address_stops_resets_and_tells_the_client(cast, kai, mailoutbox):
    from alongside.api import tokens
    from alongside.api.models import Scope

    _token, plaintext = tokens.create(cast.river, name="sync", scopes=Scope.WRITE, days=30)
    response = Browser().patch(
        f"/api/v1/clients/{kai.pk}",
        {"version": kai.version, "email": THERAPISTS_OWN},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )
    assert response.status_code == 200
    _forgot("kai-signs-in")
    assert mailoutbox == []
    home = _signed_in_as(kai.user).get(reverse("portal:home")).content.decode()
    assert "Your therapist changed the email address on your record on" in home


def test_a_client_who_changes_their_own_address_confirms_it_and_is_not_told_of_a_therapist(
    kai, mailoutbox
):
    browser = _signed_in_as(kai.user)
    saved = browser.post(
        reverse("portal:edit"),
        {"chosen_name": "Kai New", "email": KAIS_NEW, "version": kai.version},
        follow=True,
    ).content.decode()
    assert "Please confirm your email address" in saved
    assert "changed the email address on your record" not in saved
    _forgot("kai-signs-in")
    assert mailoutbox == []


def test_a_completed_reset_proves_the_address_it_went_to(cast, kai, mailoutbox):
    AddressProof.objects.filter(user=kai.user).update(proved_at=None)
    addresses.prove(kai.user, "kai@example.invalid")
    _forgot("kai-signs-in")
    browser = Browser()
    page = browser.get(_link(mailoutbox, "new-password"), follow=True)
    new = "another long passphrase"  # noqa: S105
    browser.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert User.objects.get(pk=kai.user.pk).check_password(new)
    assert AuditEvent.objects.filter(object_type="address_proved").count() == 3


def test_the_fill_migration_proves_only_an_accepted_invitations_unchanged_address(cast, kai):
    from importlib import import_module

    from django.apps import apps

    fill = import_module("alongside.accounts.migrations.0010_fill_address_proof")
    moved = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name="Moved", email="m@example.org"
    )
    moved.user = User.objects.create(username="moved", role="client")
    moved.save()
    moved.user.invitations.create(
        token_hash="x" * 64,
        sent_to="old@example.org",
        created_at=kai.user.invitations.get().created_at,
        expires_at=kai.user.invitations.get().expires_at,
        used_at=kai.user.invitations.get().used_at,
    )
    AddressProof.objects.all().delete()
    fill.fill_address_proof(apps, None)
    assert addresses.may_receive_sign_in_links(kai.user, "kai@example.invalid")
    assert not AddressProof.objects.filter(user=moved.user).exists()  # changed since
    assert not AddressProof.objects.filter(user=cast.client_user).exists()  # never invited


def test_a_link_opened_before_signing_in_works_once_the_client_signs_in(cast, kai, mailoutbox):
    _therapist_sets_address(cast, kai, KAIS_NEW)
    link = _confirm_from_the_portal(_signed_in_as(kai.user), mailoutbox)
    phone = Browser()
    asked = phone.get(link, follow=True)
    assert asked.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert asked.redirect_chain[-1][0].endswith("?next=/confirm-email/")  # no token in it
    assert link.split("/")[-2] not in asked.redirect_chain[-1][0]
    phone.post(
        reverse("accounts:login"),
        {"username": "kai-signs-in", "password": "a long new passphrase"},
    )
    assert phone.post(reverse("accounts:confirm_address")).status_code == 302
    assert addresses.may_receive_sign_in_links(kai.user, KAIS_NEW)
