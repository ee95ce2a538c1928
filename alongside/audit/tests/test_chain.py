import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from alongside.audit.chain import record, verify
from alongside.audit.models import Action, AuditEvent, Outcome


def _events(n):
    for i in range(n):
        record(actor=None, action=Action.VIEW, object_type="client", object_id=i, client_id=i)


def test_a_fresh_chain_verifies(db):
    _events(5)
    report = verify()
    assert report.ok and report.checked == 5


def test_updates_and_deletes_are_refused_by_the_database(db):
    _events(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=1).update(actor_role="therapist")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=2).delete()
    assert AuditEvent.objects.count() == 2


def _drop_guards():
    """What an attacker with raw database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute("DROP TRIGGER audit_no_delete")
        else:
            cursor.execute("DROP TRIGGER audit_no_update_delete ON audit_auditevent")


def test_verify_audit_names_the_row_changed_by_raw_sql(db):
    _events(6)
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = '999' WHERE id = 4")
    with pytest.raises(CommandError, match="broken at row 4"):
        call_command("verify_audit")


def test_verify_audit_names_a_row_removed_from_the_middle(db):
    _events(6)
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = 3")
    with pytest.raises(CommandError, match="broken at row 3"):
        call_command("verify_audit")


def test_a_cut_tail_is_found_against_the_recorded_head(db):
    _events(6)
    head = verify().head
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > 4")
    call_command("verify_audit")  # the chain alone can't tell
    with pytest.raises(CommandError, match="broken at row 5"):
        call_command("verify_audit", "--head", head)


def test_reading_a_record_leaves_one_event_without_its_content(client, cast):
    client.force_login(cast.river)
    before = AuditEvent.objects.count()
    client.get(reverse("clients:detail", args=[cast.client.pk]))
    event = AuditEvent.objects.get(pk=before + 1)
    assert AuditEvent.objects.count() == before + 1
    assert (event.actor_id, event.actor_role, event.action) == (cast.river.pk, "therapist", "view")
    assert (event.object_type, event.client_id, event.outcome) == (
        "client",
        cast.client.pk,
        "allowed",
    )
    row = " ".join(str(v) for v in AuditEvent.objects.filter(pk=event.pk).values_list().get())
    assert "Canary" not in row


def test_a_refused_attempt_is_recorded_as_denied(client, cast):
    client.force_login(cast.colleague)
    client.get(reverse("clients:detail", args=[cast.client.pk]))
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.actor_id, event.outcome) == (cast.colleague.pk, Outcome.DENIED)


def test_changing_a_record_is_recorded(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("clients:edit", args=[cast.client.pk]),
        {"chosen_name": "Ash New", "version": cast.client.version},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="update", client_id=cast.client.pk).count() == 1
    assert verify().ok
