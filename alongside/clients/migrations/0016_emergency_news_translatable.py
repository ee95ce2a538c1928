"""The news of an emergency opening was stored translated, with the name of whoever opened the
record written in, so it could not be translated when read. Existing rows get the message id
now used (clients.emergency.EMERGENCY_NEWS); who opened the record, when and why stay in the
record's emergency access card. Going back leaves them as they are: the names are not needed."""

from django.db import migrations

NEWS = "someone opened this record by emergency access: who, when and why are shown below"


def to_message_id(apps, schema_editor):
    activity = apps.get_model("clients", "ClientActivity").objects
    activity.filter(kind="emergency_access").update(summary=NEWS)


class Migration(migrations.Migration):
    dependencies = [("clients", "0015_fill_lowercase_note_news")]

    operations = [migrations.RunPython(to_message_id, migrations.RunPython.noop)]
