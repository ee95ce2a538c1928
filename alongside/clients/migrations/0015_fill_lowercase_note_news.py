"""'New from client' lines start lower-case ("approved a letter"); the two about session notes
were stored capitalised. The summary is the message id translated when read (clients.activity),
so existing rows must carry the new id, or they would no longer find their translation."""

from django.db import migrations

RENAMED = {
    "Added their perspective to a session note": "added their perspective to a session note",
    "Said part of a session note doesn't fit them": "said part of a session note doesn't fit them",
}


def lower(apps, schema_editor):
    activity = apps.get_model("clients", "ClientActivity").objects
    for old, new in RENAMED.items():
        activity.filter(summary=old).update(summary=new)


def capitalise(apps, schema_editor):
    activity = apps.get_model("clients", "ClientActivity").objects
    for old, new in RENAMED.items():
        activity.filter(summary=new).update(summary=old)


class Migration(migrations.Migration):
    dependencies = [("clients", "0014_naming_style_wording")]

    operations = [migrations.RunPython(lower, capitalise)]
