"""Open the check-ins that are due for every client, and email links where asked.

Run it from cron, e.g. hourly: `alongside check_ins_due --base-url https://therapy.example.org`.
It is idempotent: a check-in is made once per occasion, and a link is emailed once per
check-in (its `link_emailed_at`), whoever opened the check-in first.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from alongside.measures import link_email
from alongside.measures.models import Assignment
from alongside.measures.schedule import make_due


class Command(BaseCommand):
    help = "Open due check-ins for every client and email links where the therapist asked."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("ALONGSIDE_BASE_URL", ""),
            help="The address clients reach Alongside at (or ALONGSIDE_BASE_URL).",
        )

    def handle(self, *args, base_url, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("Give --base-url https://... (or set ALONGSIDE_BASE_URL).")
        active = Assignment.objects.filter(stopped_at__isnull=True).select_related("client")
        created = make_due(list(active))
        # Decided by what was sent, not by what this run opened: a client's page view may
        # have opened the check-in first (make_due runs there too).
        sent = link_email.email_due_links(base_url=base_url)
        self.stdout.write(f"{len(created)} check-ins opened, {sent} links emailed.")
