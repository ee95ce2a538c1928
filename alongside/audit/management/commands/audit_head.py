from django.core.management.base import BaseCommand

from alongside.audit.chain import verify


class Command(BaseCommand):
    help = "Print the audit chain's head MAC, to keep somewhere outside this server."

    def handle(self, *args, **options):
        report = verify()
        self.stdout.write(report.head)
