from django.db import migrations


def reindex(apps, schema_editor):
    """name_index.normalise now folds twice (a few letters, like "ϒ", only fold once
    decomposed): index every name again so a search finds the names that hold them."""
    from alongside.clients import name_index

    Client = apps.get_model("clients", "Client")
    NameToken = apps.get_model("clients", "NameToken")
    last = 0
    while True:
        chunk = list(
            Client.objects.filter(pk__gt=last).order_by("pk").only("pk", "chosen_name")[:500]
        )
        if not chunk:
            return
        NameToken.objects.filter(client__in=[c.pk for c in chunk]).delete()
        NameToken.objects.bulk_create(
            [
                NameToken(client_id=c.pk, kind=kind, digest=digest, key_id=key_id)
                for c in chunk
                for kind, digest, key_id in name_index.tokens_for(c.chosen_name)
            ],
            batch_size=2000,
        )
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [("clients", "0011_last_session_on")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
