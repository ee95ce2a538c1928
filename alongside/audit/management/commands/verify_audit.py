from django.core.management.base import BaseCommand, CommandError

from alongside.audit.chain import verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help="The head MAC recorded earlier (see audit_head); detects removed last rows.",
        )

    def handle(self, *args, head=None, **options):
        report = verify(expected_head=head)
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at row {report.broken_at}: {report.reason} "
                f"({report.checked} rows verified before it)."
            )
        self.stdout.write(f"Audit chain intact: {report.checked} rows. Head {report.head}")
