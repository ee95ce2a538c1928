"""`alongside export_client CLIENT_ID --format fhir|json|pdf|zip --operator USERNAME`

A practice's copy of everything held about one client. The operator is a staff member who
may read the record (the same scope as the pages); the export is audited in their name.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from alongside.accounts.models import User
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.rights.exporting import FORMATS, export


class Command(BaseCommand):
    help = "Export everything held about one client (FHIR R4 bundle, JSON, PDF or a zip)."

    def add_arguments(self, parser):
        parser.add_argument("client_id", type=int)
        parser.add_argument("--format", choices=FORMATS, default="zip")
        parser.add_argument(
            "--operator", required=True, help="username of the staff member exporting"
        )
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, client_id, format, operator, output=None, **options):
        user = User.objects.filter(username=operator, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {operator!r}.")
        try:
            client = open_client(user, client_id, action=Action.EXPORT, object_type="record")
        except Http404:
            # The same answer for "not there" and "not yours", as on the pages.
            raise CommandError(f"{operator} has no client record {client_id}.") from None
        body = export(client, user, format)
        if output:
            with open(output, "wb") as handle:
                handle.write(body)
        else:
            sys.stdout.buffer.write(body)
            sys.stdout.buffer.flush()
        self.stderr.write(f"Exported client {client_id} as {format} by {operator}; audited.")
