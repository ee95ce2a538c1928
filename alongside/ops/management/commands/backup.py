from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.ops.backups import BackupError, default_directory, make_backup, prune


class Command(BaseCommand):
    help = (
        "Write a backup archive (database copy + manifest) while the app keeps running. "
        "Keys are not in it: keep them in escrow, apart from the backups."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR_OR_FILE",
            help=f"A directory, or a *.tar.gz path (default: {default_directory()}).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Then delete all but the newest N archives in that directory.",
        )

    def handle(self, *args, output=None, keep=None, **options):
        try:
            backup = make_backup(output)
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        manifest = backup.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"Backup written: {backup.path}")
        self.stdout.write(f"  {backup.size:,} bytes, SHA-256 {backup.sha256}")
        self.stdout.write(
            f"  {len(manifest['row_counts'])} tables, {rows:,} rows; "
            f"audit chain {manifest['audit']['rows']:,} rows, head {manifest['audit']['head']}"
        )
        keys = ", ".join(manifest["data_keys_in_use"]) or "none"
        self.stdout.write(f"  data key ids in use: {keys} (the keys themselves are not inside)")
        self.stdout.write(f"  took {backup.seconds:.2f} s")
        if not manifest["audit"]["intact"]:
            self.stderr.write(
                f"WARNING: the audit chain is broken at row {manifest['audit']['broken_at']} "
                f"({manifest['audit']['reason']}). The backup keeps it as it is, as evidence."
            )
        if keep:
            for gone in prune(Path(backup.path).parent, keep):
                self.stdout.write(f"  removed old backup {gone.name}")
