"""Write a practice's directory as an Open Referral HSDS data package (a folder, or a zip)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.models import Practice
from alongside.resources.hsds import export_package, package_zip


class Command(BaseCommand):
    help = "Export the resource directory as an HSDS 3.0 data package (CSV + datapackage.json)."

    def add_arguments(self, parser):
        parser.add_argument("--practice", type=int, required=True, help="the practice's id")
        parser.add_argument("target", help="a folder, or a path ending in .zip")

    def handle(self, *args, practice, target, **options):
        found = Practice.objects.filter(pk=practice).first()
        if found is None:
            raise CommandError(f"No practice with id {practice}.")
        files = export_package(found)
        path = Path(target)
        if path.suffix == ".zip":
            path.write_bytes(package_zip(files))
        else:
            path.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (path / name).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(files)} files to {path}.")
