from django.core.management.base import BaseCommand

from alongside.appointments.reminders import send_due


class Command(BaseCommand):
    help = (
        "Send appointment reminders that are due (run from cron every 5 minutes; "
        "two runs at once never send one twice)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"sent {send_due()} reminders")
