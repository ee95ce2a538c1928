"""Clients who already set up their portal account through an invitation: the address that
invitation was sent to counts as proved, if the address on their record is still that one.

Anyone else starts unproved and confirms from the portal (the home page asks). Completed
password resets do not count: until now a reset went to whatever the record said, which is
the very thing a staff member could change, so a reset used in the past proves nothing.
"""

from django.db import migrations


def _same(one, other):
    one, other = (one or "").strip().lower(), (other or "").strip().lower()
    return bool(one) and one == other


def fill_address_proof(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Invitation = apps.get_model("accounts", "Invitation")
    AddressProof = apps.get_model("accounts", "AddressProof")
    clients = Client.objects.filter(user__isnull=False, user__role="client").only("user", "email")
    for client in clients.iterator():
        accepted = (
            Invitation.objects.filter(user_id=client.user_id, used_at__isnull=False)
            .order_by("-used_at", "-pk")
            .first()
        )
        if accepted is None or not _same(accepted.sent_to, client.email):
            continue
        AddressProof.objects.update_or_create(
            user_id=client.user_id,
            defaults={"address": accepted.sent_to.strip(), "proved_at": accepted.used_at},
        )


def unfill_address_proof(apps, schema_editor):
    apps.get_model("accounts", "AddressProof").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_address_proof"),
        ("clients", "0013_bucket_index_covers_id"),
    ]

    operations = [migrations.RunPython(fill_address_proof, unfill_address_proof)]
