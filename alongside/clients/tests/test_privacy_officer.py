"""Emergency access tells the practice's privacy officers (security requirement 6): an email
with no client name and no reason, and a review page only they can open."""

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.audit.models import AuditEvent
from alongside.clients import emergency
from alongside.clients.models import EmergencyAccess
from conftest import make_user

REASON = "CANARY-REASON: client called the duty line in crisis; I need their safety plan."
REVIEW = reverse("clients:emergency_review")


def _officer(user, email="officer@example.invalid"):
    user.is_privacy_officer = True
    user.email = email
    user.save()
    return user


def _open_in_emergency(client, cast, who=None):
    client.force_login(who or cast.colleague)
    response = client.post(
        reverse("clients:emergency"),
        {"record_number": cast.client.pk, "reason": REASON, "confirm": "on"},
    )
    assert response.status_code == 302
    return EmergencyAccess.objects.get()


def test_the_privacy_officer_is_emailed_who_opened_which_record_number_and_nothing_clinical(
    client, cast
):
    _officer(cast.admin)
    access = _open_in_emergency(client, cast)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["officer@example.invalid"]
    text = f"{email.subject}{email.body}"
    assert f"record {cast.client.pk}" in email.subject
    assert "Colleague" in email.body and f"Record number: {cast.client.pk}" in email.body
    assert f"http://testserver{REVIEW}" in email.body
    assert access.expires_at.strftime("%H:%M") in email.body
    for secret in ("Ash", "Canary", "CANARY", "duty line", "ash@example.invalid", "he/him"):
        assert secret not in text, secret


def test_only_active_privacy_officers_of_that_practice_are_emailed(client, cast):
    _officer(cast.sam, "sam@example.invalid")
    _officer(make_user(cast.practice, "gone", Role.ADMIN, is_active=False), "gone@example.invalid")
    _officer(cast.outsider_therapist, "outsider@example.invalid")
    cast.river.email = "river@example.invalid"  # the treating therapist, not an officer
    cast.river.save()
    _open_in_emergency(client, cast)
    assert [m.to for m in mail.outbox] == [["sam@example.invalid"]]


def test_without_a_privacy_officer_the_access_still_opens(client, cast):
    _open_in_emergency(client, cast)
    assert mail.outbox == []
    assert client.get(cast.client.get_absolute_url()).status_code == 200


def test_a_mail_failure_does_not_keep_the_record_closed_in_an_emergency(client, cast, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(emergency, "send_mail", broken)
    _officer(cast.admin)
    _open_in_emergency(client, cast)
    assert client.get(cast.client.get_absolute_url()).status_code == 200


def test_the_privacy_officer_reviews_each_access_with_its_reason_and_no_record(client, cast):
    _officer(cast.admin)
    access = _open_in_emergency(client, cast)
    client.force_login(cast.admin)
    response = client.get(REVIEW)
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Colleague opened record {cast.client.pk}" in body
    assert REASON in body and "still open" in body
    for secret in ("Ash Canary", "CANARY-SELF-DESCRIPTION", "ash@example.invalid"):
        assert secret not in body
    event = AuditEvent.objects.get(object_type="emergency_access")
    assert (event.actor_id, event.client_id, event.object_id) == (
        cast.admin.pk,
        cast.client.pk,
        str(access.pk),
    )
    # Being privacy officer opens this list, never the record itself.
    assert client.get(cast.client.get_absolute_url()).status_code == 404
    assert REVIEW in client.get(reverse("accounts:staff")).content.decode()


def test_a_privacy_officer_sees_only_their_own_practice(client, cast):
    _open_in_emergency(client, cast)
    client.force_login(_officer(cast.outsider_therapist))
    body = client.get(REVIEW).content.decode()
    assert "Nobody has used emergency access" in body and REASON not in body


def test_everyone_who_is_not_a_privacy_officer_gets_404(client, cast):
    _officer(cast.admin)
    _open_in_emergency(client, cast)
    # The flag on a client account grants nothing: clients can't hold the role.
    cast.client_user.is_privacy_officer = True
    cast.client_user.save()
    for who, user in cast.others_than("admin").items():
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(REVIEW)
            assert response.status_code == 404, f"{who} {method}"
            assert REASON not in response.content.decode()
        assert REVIEW not in client.get(reverse("accounts:security")).content.decode()
    client.force_login(cast.admin)
    assert client.post(REVIEW).status_code == 405


def test_the_admin_makes_someone_privacy_officer_and_it_is_audited(client, cast):
    client.force_login(cast.admin)
    url = reverse("accounts:staff_edit", args=[cast.sam.pk])
    assert "Nobody is a privacy officer" in client.get(reverse("accounts:staff")).content.decode()
    fields = {"first_name": "Sam", "role": "supervisor", "is_active": "on"}
    refused = client.post(url, {**fields, "is_privacy_officer": "on"})
    assert 'id="id_email_errors"' in refused.content.decode()
    response = client.post(
        url, {**fields, "email": "sam@example.invalid", "is_privacy_officer": "on"}
    )
    assert response.status_code == 302
    cast.sam.refresh_from_db()
    assert cast.sam.is_privacy_officer
    assert AuditEvent.objects.filter(
        object_type="privacy_officer", object_id=str(cast.sam.pk), actor_id=cast.admin.pk
    ).exists()
    staff = client.get(reverse("accounts:staff")).content.decode()
    assert "privacy officer" in staff and "Nobody is a privacy officer" not in staff


def test_the_demo_admin_is_the_privacy_officer(db):
    from alongside.accounts.models import User
    from alongside.demo.seed import seed

    seed()
    admin = User.objects.get(username="admin")
    assert admin.is_privacy_officer and admin.email
    assert not User.objects.filter(is_privacy_officer=True).exclude(pk=admin.pk).exists()
    assert EmergencyAccess.objects.reviewable_by(admin).count() == 1
