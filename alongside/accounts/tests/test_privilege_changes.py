"""Issue 11, item 1: the practice admin can't give anyone (themself included) clinical access
on their own, and every change of what a person may do is in the audit trail."""

import pyotp
import pytest
from django.core import mail
from django.urls import reverse

from alongside.accounts.models import Role, User
from alongside.audit.models import AuditEvent
from alongside.clients.models import Client
from conftest import PASSWORD, make_user


def _form(person, **changes):
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email or f"{person.username}@example.invalid",
        "role": person.role,
        "supervisor": person.supervisor_id or "",
        "is_active": "on" if person.is_active else "",
    }
    if person.is_privacy_officer:
        fields["is_privacy_officer"] = "on"
    fields.update(changes)
    return {k: v for k, v in fields.items() if v not in ("", None)}


def _edit(client, admin, person, **changes):
    client.force_login(admin)
    return client.post(reverse("accounts:staff_edit", args=[person.pk]), _form(person, **changes))


def _events(object_type, person):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(person.pk))


@pytest.fixture
def officer(cast):
    return make_user(
        cast.practice, "olu", Role.SUPERVISOR, is_privacy_officer=True, email="olu@example.invalid"
    )


def test_a_supervisor_the_admin_names_sees_nothing_until_the_therapist_confirms(
    client, cast, officer
):
    """The attack of the finding: the admin points River's supervisor at an account whose
    address they control. It opens no record until River says yes, and both River and the
    privacy officer are told."""
    cast.river.email = "river@example.invalid"
    cast.river.save()
    mallory = make_user(cast.practice, "mallory", Role.SUPERVISOR, email="m@example.invalid")
    assert _edit(client, cast.admin, cast.river, supervisor=mallory.pk).status_code == 302
    cast.river.refresh_from_db()
    assert cast.river.proposed_supervisor == mallory and cast.river.supervisor is None
    # Mallory gets nothing; Sam, the old supervisor, loses access at once.
    for supervisor in (mallory, cast.sam):
        assert not Client.objects.visible_to(supervisor).filter(pk=cast.client.pk).exists()
        client.force_login(supervisor)
        assert client.get(reverse("clients:detail", args=[cast.client.pk])).status_code == 404
        assert "Ash Canary" not in client.get(reverse("clients:supervision")).content.decode()
    told = {m.to[0] for m in mail.outbox}
    assert {"river@example.invalid", "olu@example.invalid"} <= told
    assert all("Ash" not in m.body for m in mail.outbox)
    proposed = _events("proposed_supervisor", cast.river)
    assert proposed.filter(actor_id=cast.admin.pk).exists()
    assert _events("supervisor_link", cast.river).filter(actor_id=cast.admin.pk).exists()

    # River sees the request on their caseload and confirms on their own page.
    client.force_login(cast.river)
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert reverse("accounts:supervisor_confirm") in caseload
    page = client.get(reverse("accounts:supervisor_confirm")).content.decode()
    assert "Mallory" in page
    client.post(reverse("accounts:supervisor_confirm"), {"answer": "confirm"})
    cast.river.refresh_from_db()
    assert cast.river.supervisor == mallory and cast.river.proposed_supervisor is None
    assert Client.objects.visible_to(mallory).filter(pk=cast.client.pk).exists()
    assert _events("supervisor_link", cast.river).filter(actor_id=cast.river.pk).exists()


def test_a_therapist_can_decline_and_nothing_opens(client, cast):
    _edit(client, cast.admin, cast.river, supervisor=cast.other_supervisor.pk)
    client.force_login(cast.river)
    client.post(reverse("accounts:supervisor_confirm"), {"answer": "decline"})
    cast.river.refresh_from_db()
    assert cast.river.supervisor is None and cast.river.proposed_supervisor is None
    assert not Client.objects.visible_to(cast.other_supervisor).exists()


def test_saving_the_form_unchanged_keeps_the_confirmed_supervisor(client, cast):
    assert _edit(client, cast.admin, cast.river).status_code == 302
    cast.river.refresh_from_db()
    assert cast.river.supervisor == cast.sam and cast.river.proposed_supervisor is None
    assert Client.objects.visible_to(cast.sam).filter(pk=cast.client.pk).exists()


@pytest.mark.parametrize("role", ["supervisor", "therapist"])
def test_an_admin_cannot_change_their_own_role(client, cast, role):
    response = _edit(client, cast.admin, cast.admin, role=role)
    assert 'id="id_role_errors"' in response.content.decode()
    assert "change your own role" in response.content.decode()
    cast.admin.refresh_from_db()
    assert cast.admin.role == Role.ADMIN


def test_a_role_change_ends_supervision_links_until_confirmed_again(client, cast, officer):
    """Sam made admin and back: the old link must not spring back without River (the
    admin can name Sam again, and River confirms again)."""
    _edit(client, cast.admin, cast.sam, role="admin")
    cast.river.refresh_from_db()
    assert cast.river.supervisor is None
    _edit(client, cast.admin, User.objects.get(pk=cast.sam.pk), role="supervisor")
    cast.river.refresh_from_db()
    assert cast.river.supervisor is None and cast.river.proposed_supervisor is None
    assert not Client.objects.visible_to(User.objects.get(pk=cast.sam.pk)).exists()
    assert _events("account_role", cast.sam).filter(actor_id=cast.admin.pk).count() == 2
    assert any("olu@example.invalid" in m.to for m in mail.outbox)  # a clinical role again


def test_every_privilege_change_is_audited_with_ids_only(client, cast):
    person = cast.colleague
    _edit(client, cast.admin, person, is_active="", email="new@example.invalid")
    _edit(
        client,
        cast.admin,
        User.objects.get(pk=person.pk),
        is_active="on",
        is_privacy_officer="on",
        role="supervisor",
    )
    for object_type in ("account_active", "account_email", "privacy_officer", "account_role"):
        events = _events(object_type, person)
        assert events.filter(actor_id=cast.admin.pk).exists(), object_type
    assert _events("account_active", person).count() == 2
    # Changes made outside the staff form are recorded too (as the system's).
    person = User.objects.get(pk=person.pk)
    person.is_superuser = True
    person.save()
    assert _events("account_superuser_flag", person).filter(actor_role="system").exists()


def test_a_new_clinical_account_is_told_to_the_privacy_officer(client, cast, officer):
    client.force_login(cast.admin)
    client.post(
        reverse("accounts:staff_create"),
        {"first_name": "Eve", "email": "eve@example.invalid", "role": "supervisor"},
    )
    eve = User.objects.get(first_name="Eve")
    assert AuditEvent.objects.filter(
        object_type="staff_account", object_id=str(eve.pk), actor_id=cast.admin.pk
    ).exists()
    assert any(m.to == ["olu@example.invalid"] for m in mail.outbox)


def test_changing_a_supervisors_address_makes_their_supervisees_confirm_again(
    client, cast, officer
):
    """Otherwise: the admin swaps a not-yet-set-up supervisor's address for their own,
    sends a new invitation, and reads what the supervisees already agreed to share."""
    sam = User.objects.get(pk=cast.sam.pk)
    sam.email = "sam@example.invalid"
    sam.set_unusable_password()
    sam.save()
    _edit(client, cast.admin, sam, email="admin-owned@example.invalid")
    cast.river.refresh_from_db()
    assert cast.river.supervisor is None and cast.river.proposed_supervisor_id == sam.pk
    assert not Client.objects.visible_to(sam).exists()
    assert any(m.to == ["olu@example.invalid"] for m in mail.outbox)


def test_sign_in_security_changes_are_audited(client, cast):
    """A new authenticator, new recovery codes and a new password: each an event."""
    client.force_login(cast.river)
    secret = client.get(reverse("accounts:mfa_setup")).context["secret"]
    client.post(reverse("accounts:mfa_setup"), {"code": pyotp.TOTP(secret).now()})
    client.post(reverse("accounts:new_recovery_codes"))
    new = "a quite different long passphrase"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    for object_type in ("second_factor", "recovery_codes", "password"):
        events = _events(object_type, cast.river).filter(actor_id=cast.river.pk)
        assert events.exists(), object_type
    assert _events("recovery_codes", cast.river).count() == 2  # at set-up, then anew


def test_the_supervisor_list_offers_no_supervisor_in_words_not_dashes(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:staff_create")).content.decode()
    assert '<option value="" selected>No supervisor</option>' in page
    assert "---------" not in page
