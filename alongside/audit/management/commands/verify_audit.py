from django.core.management.base import BaseCommand, CommandError

from alongside.audit.chain import read_heads, verify


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain and report the first broken link; with --head or "
        "--heads, also that each saved head is still in the chain at its position."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            help=(
                "A head saved earlier (POSITION:MAC from audit_head, or a bare MAC): detects "
                "rows cut off the end. A chain that grew since is fine."
            ),
        )
        parser.add_argument(
            "--heads",
            metavar="FILE",
            help="A file of heads saved by `audit_head --out FILE`: checks every one.",
        )

    def handle(self, *args, head=None, heads=None, **options):
        try:
            saved = read_heads(heads) if heads else []
            report = verify(expected_head=head, heads=saved)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at row {report.broken_at}: {report.reason} "
                f"({report.checked} rows verified before it)."
            )
        checked_heads = len(saved) + (1 if head else 0)
        against = f", {checked_heads} saved heads still in place" if checked_heads else ""
        self.stdout.write(
            f"Audit chain intact: {report.checked} rows{against}. "
            f"Head {report.position}:{report.head}"
        )
