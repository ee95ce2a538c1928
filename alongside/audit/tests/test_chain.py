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
        # The address as it was: changing it leaves an event of its own (accounts.addresses).
        {"chosen_name": "Ash New", "email": cast.client.email, "version": cast.client.version},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="update", client_id=cast.client.pk).count() == 1
    assert verify().ok


def test_a_chain_that_grew_since_the_saved_head_passes(db):
    """The daily check must not cry wolf: new rows after a saved head are expected."""
    _events(3)
    head = call_command_output("audit_head")
    assert head.startswith("3:")
    _events(4)
    assert "Audit chain intact: 7 rows" in call_command_output("verify_audit", "--head", head)
    # A bare MAC (what audit_head printed before heads carried their row) works too.
    bare = head.split(":", 1)[1]
    assert "Audit chain intact: 7 rows" in call_command_output("verify_audit", "--head", bare)


def test_a_head_whose_row_now_holds_another_mac_is_reported(db):
    _events(4)
    head = call_command_output("audit_head")
    position, mac = head.split(":")
    forged = f"{position}:{'f' * 64}"
    with pytest.raises(CommandError, match="broken at row 4: this row is not the one"):
        call_command("verify_audit", "--head", forged)
    with pytest.raises(CommandError, match="not in the chain"):
        call_command("verify_audit", "--head", "e" * 64)


def test_the_daily_head_file_checks_every_saved_head(db, tmp_path):
    """`audit_head --out FILE` appends; `verify_audit --heads FILE` checks each line."""
    heads = tmp_path / "audit-heads"
    _events(2)
    call_command_output("audit_head", "--out", str(heads))
    _events(3)
    call_command_output("audit_head", "--out", str(heads))
    _events(1)
    assert (heads.stat().st_mode & 0o777) == 0o600
    lines = heads.read_text().splitlines()
    assert len(lines) == 2 and lines[0].split()[-1].startswith("2:")
    out = call_command_output("verify_audit", "--heads", str(heads))
    assert "Audit chain intact: 6 rows, 2 saved heads still in place" in out
    # Cut the tail past the older head but not the newer: the newer head reports it.
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > 3")
    call_command("verify_audit")  # the chain alone can't tell
    with pytest.raises(CommandError, match="broken at row 4: rows up to the saved head at row 5"):
        call_command("verify_audit", "--heads", str(heads))


def test_a_broken_head_file_is_refused_with_its_line(db, tmp_path):
    heads = tmp_path / "audit-heads"
    heads.write_text("2026-01-01T00:00:00+00:00 not-a-head\n")
    with pytest.raises(CommandError, match="line 1"):
        call_command("verify_audit", "--heads", str(heads))


def test_insert_or_replace_over_an_audit_row_is_refused(db):
    """SQLite's REPLACE deletes the row it collides with without firing DELETE triggers."""
    _events(3)
    row = AuditEvent.objects.values_list("at", "prev_mac", "mac").get(pk=2)
    statements = {
        "sqlite": "INSERT OR REPLACE INTO audit_auditevent "
        "(id, at, actor_role, action, object_type, object_id, outcome, prev_mac, mac) "
        "VALUES (%s, %s, 'therapist', 'view', 'client', '1', 'allowed', %s, %s)",
        "postgresql": "INSERT INTO audit_auditevent "
        "(id, at, actor_role, action, object_type, object_id, outcome, prev_mac, mac) "
        "VALUES (%s, %s, 'therapist', 'view', 'client', '1', 'allowed', %s, %s) "
        "ON CONFLICT (id) DO UPDATE SET actor_role = EXCLUDED.actor_role",
    }
    for params in ([2, row[0], row[1], "a" * 64], [9, row[0], row[1], row[2]]):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statements[connection.vendor], params)
    assert list(AuditEvent.objects.values_list("actor_role", flat=True)) == ["system"] * 3
    assert verify().ok


def call_command_output(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()
