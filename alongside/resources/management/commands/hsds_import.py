"""Load an Open Referral HSDS data package (a folder or a zip) into a practice's directory.
A package with any problem is refused whole, with each problem's file, row and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.models import Practice
from alongside.resources.hsds import PackageError, files_from_zip, import_package


class Command(BaseCommand):
    help = "Import an HSDS 3.0 data package (CSV files + datapackage.json) into the directory."

    def add_arguments(self, parser):
        parser.add_argument("--practice", type=int, required=True, help="the practice's id")
        parser.add_argument("source", help="a folder holding the package, or a .zip of it")

    def handle(self, *args, practice, source, **options):
        found = Practice.objects.filter(pk=practice).first()
        if found is None:
            raise CommandError(f"No practice with id {practice}.")
        path = Path(source)
        try:
            if path.is_dir():
                files = {
                    p.name: p.read_text(encoding="utf-8-sig")
                    for p in path.iterdir()
                    if p.suffix == ".csv" or p.name == "datapackage.json"
                }
            else:
                with path.open("rb") as data:
                    files = files_from_zip(data)
            result = import_package(found, files)
        except PackageError as bad:
            for line in bad.errors:
                self.stderr.write(line)
            raise CommandError(f"Nothing imported: {len(bad.errors)} problem(s).") from bad
        except (OSError, UnicodeDecodeError) as bad:
            raise CommandError(f"Can't read {path}: {bad}") from bad
        self.stdout.write(f"Imported: {result.created} new services, {result.updated} updated.")
