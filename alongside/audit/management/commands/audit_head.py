"""Print the audit chain's head, or append it to a file of saved heads.

The head is `POSITION:MAC`, the MAC of the last row and that row's number. Save it daily
somewhere the server can't rewrite; `verify_audit --heads FILE` then checks every saved head
is still in the chain at its position. The chain may have grown since: that is no alarm.
Rows cut off the end, or replaced, are.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alongside.audit.chain import Head, verify


class Command(BaseCommand):
    help = "Print the audit chain's head (POSITION:MAC), or append it to a file with --out."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            help="Append '<UTC time> POSITION:MAC' to this file (made 0600 if new).",
        )

    def handle(self, *args, out=None, **options):
        report = verify()
        if not report.ok:
            # A broken chain has no head worth keeping: saving it would bless the damage.
            raise CommandError(
                f"Audit chain broken at row {report.broken_at}: {report.reason}. "
                "No head saved; run verify_audit."
            )
        head = str(Head(report.head, report.position))
        if out:
            path = Path(out)
            line = f"{timezone.now().isoformat(timespec='seconds')} {head}\n"
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a") as file:
                file.write(line)
        self.stdout.write(head)
