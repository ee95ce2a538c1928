from django.core.management.base import BaseCommand, CommandError

from alongside.ops.backups import BackupError, check_against, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Rebuild this instance's (empty) database from a backup archive, then check it "
        "against the archive's manifest: every row, the audit chain and the data keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The backup archive (*.tar.gz).")
        parser.add_argument(
            "--force", action="store_true", help="Replace a target database that holds data."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Restore nothing: only compare the database as it is with the manifest.",
        )

    def handle(self, *args, archive, force=False, check=False, **options):
        try:
            if check:
                manifest = read_manifest(archive)
                problems, notes = check_against(manifest)
                seconds = None
            else:
                result = restore_backup(archive, force=force)
                manifest, problems, notes = result.manifest, result.problems, result.notes
                seconds = result.seconds
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        rows = sum(manifest["row_counts"].values())
        if seconds is not None:
            self.stdout.write(
                f"Restored {archive} (made {manifest['created']}) in {seconds:.2f} s."
            )
        for note in notes:
            self.stdout.write(f"Note: {note}")
        if problems:
            raise CommandError(
                "The database does not match the backup's manifest:\n  - " + "\n  - ".join(problems)
            )
        self.stdout.write(
            f"Manifest check passed: {len(manifest['row_counts'])} tables, {rows:,} rows "
            f"and the audit chain ({manifest['audit']['rows']:,} rows, head "
            f"{manifest['audit']['head']}) match the backup; every data key in use decrypts."
        )
