from django.conf import settings
from django.db import migrations, models


def index_again(apps, schema_editor):
    """Index every name again: each client's bucket moves from a NameToken row to its own
    row (Client.name_bucket), and name_index.normalise now folds twice (a few letters, like
    "ϒ", fold only once decomposed), so names holding them are found typed either way."""
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
        for c in chunk:
            c.name_bucket = name_index.bucket_for(c.chosen_name)
        Client.objects.bulk_update(chunk, ["name_bucket"])
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_user_language"),
        ("clients", "0011_last_session_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="nametoken",
            name="nametoken_kind_client",
        ),
        migrations.AddField(
            model_name="client",
            name="name_bucket",
            field=models.CharField(blank=True, default="", editable=False, max_length=50),
        ),
        migrations.RunPython(index_again, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["therapist", "name_bucket"], name="client_therapist_bucket"),
        ),
    ]
