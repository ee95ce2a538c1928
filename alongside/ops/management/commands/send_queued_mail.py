from django.core.management.base import BaseCommand

from alongside.ops.mail import send_due


class Command(BaseCommand):
    help = "Try again to send mail the mail server did not take (run from cron every 5 min)."

    def handle(self, *args, **options):
        sent, waiting = send_due()
        self.stdout.write(f"sent {sent}, still waiting {waiting}")
