from django.conf import settings
from django.core.management.base import BaseCommand

from alongside.demo.seed import DEMO_PASSWORD, LOGINS, seed, seed_large_once


class Command(BaseCommand):
    help = "Create the invented demo practice (once) and print its sign-in names."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clients",
            type=int,
            default=0,
            help="Also add this many invented clients with a year of records (equity reports).",
        )

    def handle(self, *args, **options):
        created = seed()
        self.stdout.write(
            "Created the demo practice." if created else "Demo practice already here."
        )
        if options["clients"]:
            added = seed_large_once(options["clients"])
            self.stdout.write(f"Added {added} invented clients with a year of records.")
        self.stdout.write("\nDemo sign-ins (everyone and everything in it is invented):")
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<10} {who}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
        self.stdout.write(
            "\nStaff (river, jo, sam, admin) then confirm it is them with a code from an "
            "authenticator app.\nIn the demo the code is shown on the code page itself, so "
            "no phone is needed.\nMail is not sent anywhere: each email is a file in "
            f"{settings.EMAIL_FILE_PATH}/ (invitation and check-in links are in them).\n"
        )
