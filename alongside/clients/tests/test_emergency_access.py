from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity, EmergencyAccess

REASON = "Client called the duty line in crisis; I need their safety plan now."


def _ask(client, cast, who, reason=REASON, number=None):
    client.force_login(who)
    return client.post(
        reverse("clients:emergency"),
        {
            "record_number": number or cast.client.pk,
            "reason": reason,
            "confirm": "on",
        },
    )


def test_without_a_reason_the_record_stays_closed(client, cast):
    response = _ask(client, cast, cast.colleague, reason="")
    assert 'id="id_reason_errors"' in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert client.get(cast.client.get_absolute_url()).status_code == 404


def test_with_a_reason_the_record_opens_read_only_and_everyone_is_told(client, cast):
    response = _ask(client, cast, cast.colleague)
    assert response.status_code == 302
    page = client.get(cast.client.get_absolute_url())
    assert page.status_code == 200 and "Emergency access, read-only" in page.content.decode()
    assert "Legal name" not in page.content.decode()
    assert client.get(reverse("clients:edit", args=[cast.client.pk])).status_code == 404
    event = AuditEvent.objects.get(action="emergency")
    assert (event.actor_id, event.client_id) == (cast.colleague.pk, cast.client.pk)
    assert ClientActivity.objects.filter(client=cast.client, kind="emergency_access").exists()
    client.force_login(cast.river)
    assert REASON in client.get(cast.client.get_absolute_url()).content.decode()
    client.force_login(cast.client_user)
    seen = client.get(reverse("portal:who_has_seen")).content.decode()
    assert "Colleague" in seen and "Opened your record in an emergency" in seen
    assert REASON in seen


def test_access_ends_after_60_minutes(client, cast):
    _ask(client, cast, cast.colleague)
    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(cast.client.get_absolute_url()).status_code == 404


def test_records_of_another_practice_cannot_be_opened(client, cast):
    response = _ask(client, cast, cast.outsider_therapist)
    assert "There is no record with that number" in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_admins_and_clients_have_no_emergency_access(client, cast):
    for who in (cast.admin, cast.client_user):
        assert _ask(client, cast, who).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_emergency_access_asks_to_confirm_identity_first(client, cast):
    from alongside.accounts.middleware import REAUTH_AT

    client.force_login(cast.colleague)
    session = client.session
    session[REAUTH_AT] = 0
    session.save()
    response = client.get(reverse("clients:emergency"))
    assert response.url.startswith(reverse("accounts:confirm_identity"))


def test_the_record_lists_emergency_openings_without_loading_their_review(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.clients.emergency import mark_reviewed

    _ask(client, cast, cast.colleague)
    mark_reviewed(cast.admin, EmergencyAccess.objects.get(), "REVIEW-CANARY: justified")
    client.force_login(cast.river)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(cast.client.get_absolute_url()).content.decode()
    assert "Emergency access to this record" in page
    assert f"Colleague, {timezone.localtime():%-d %b %Y}" in page and REASON in page
    grants = [q["sql"] for q in queries if 'FROM "clients_emergencyaccess"' in q["sql"]]
    assert grants and not any("review_note" in sql for sql in grants)


def test_the_record_lists_the_latest_five_openings_newest_first(client, cast):
    now = timezone.now()
    for days_ago in (9, 1, 7, 3, 8, 5):  # saved out of order
        access = EmergencyAccess.objects.create(
            user=cast.colleague,
            client=cast.client,
            reason=f"Opened {days_ago} days ago",
            expires_at=now - timedelta(days=days_ago) + timedelta(hours=1),
        )
        EmergencyAccess.objects.filter(pk=access.pk).update(
            granted_at=now - timedelta(days=days_ago)
        )
    client.force_login(cast.river)
    page = client.get(cast.client.get_absolute_url()).content.decode()

    shown = [page.index(f"Opened {n} days ago") for n in (1, 3, 5, 7, 8)]
    assert shown == sorted(shown)
    assert "Opened 9 days ago" not in page


def test_the_therapist_reads_the_news_of_an_opening_in_their_own_language(client, cast):
    # Whoever opens the record reads Spanish; the news must not be stored in their language.
    cast.colleague.language = "es"
    cast.colleague.save(update_fields=["language"])
    _ask(client, cast, cast.colleague)
    client.force_login(cast.river)
    page = client.get(cast.client.get_absolute_url()).content.decode()
    assert "someone opened this record by emergency access" in page
    cast.river.language = "es"
    cast.river.save(update_fields=["language"])
    client.force_login(cast.river)
    page = client.get(cast.client.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "alguien abrió este expediente con acceso de emergencia" in page
