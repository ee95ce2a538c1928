"""Django's createsuperuser, refused: a superuser here would be an account with no role
(no home page) and, before this, no second factor. The first practice admin is made with
`create_admin`, which makes a proper staff account: a role, an invitation to set the
password, and a second factor set up at first sign-in."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Refused in Alongside: use `create_admin` to make a practice admin."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")
        parser.add_argument("--noinput", "--no-input", action="store_true")

    def handle(self, *args, **options):
        raise CommandError(
            "Alongside has no superusers: they would skip the second factor and have no "
            "role. Make a practice admin instead:\n"
            "  alongside create_admin --email you@example.org --first-name Alex "
            "--site https://records.example.org\n"
            "(or `python manage.py create_admin ...`). It emails an invitation to set the "
            "password; the second factor is set up at first sign-in."
        )
