from django.db import migrations


def fill(apps, schema_editor):
    from alongside.clients import name_index

    Client = apps.get_model("clients", "Client")
    NameToken = apps.get_model("clients", "NameToken")
    clients = Client.objects.only("pk", "chosen_name").iterator(chunk_size=500)
    batch = []
    for client in clients:
        batch += [
            NameToken(client_id=client.pk, kind=kind, digest=digest, key_id=key_id)
            for kind, digest, key_id in name_index.tokens_for(client.chosen_name)
        ]
        if len(batch) > 5000:
            NameToken.objects.bulk_create(batch)
            batch = []
    NameToken.objects.bulk_create(batch)


def empty(apps, schema_editor):
    apps.get_model("clients", "NameToken").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_name_tokens")]

    operations = [migrations.RunPython(fill, empty)]
