from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from alongside.appointments.constraints import NoDoubleBooking


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    # BtreeGistExtension does nothing on SQLite; NoDoubleBooking adds triggers there.
    operations = [BtreeGistExtension(), NoDoubleBooking()]
