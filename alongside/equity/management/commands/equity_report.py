"""`alongside equity_report --json [--k K] [--since DATE]`: the practice's equity figures,
protected exactly as on the page (no count under k, nothing derivable)."""

import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alongside.accounts.models import Practice
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.context.models import Dimension
from alongside.equity.metrics import Period
from alongside.equity.report import build


class Command(BaseCommand):
    help = "Print the practice's equity report (small numbers hidden)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON (the default).")
        parser.add_argument("--k", type=int, help="Smallest group shown (never below 5).")
        parser.add_argument("--since", type=date.fromisoformat, help="Start date, YYYY-MM-DD.")
        parser.add_argument("--until", type=date.fromisoformat, help="End date, YYYY-MM-DD.")
        parser.add_argument("--by", default="ethnicity", help="Dimension code to group by.")
        parser.add_argument("--also", help="A second dimension code, for intersections.")
        parser.add_argument("--practice", type=int, help="Practice id (if there are several).")

    def handle(self, *args, **options):
        practices = Practice.objects.order_by("pk")
        if options["practice"]:
            practices = practices.filter(pk=options["practice"])
        practice = practices.first()
        if practice is None:
            raise CommandError("No practice found.")
        until = options["until"] or timezone.localdate()
        period = Period(options["since"] or until - timedelta(days=365), until)
        dims = Dimension.objects.for_practice(practice)
        by = dims.filter(code=options["by"]).first()
        also = dims.filter(code=options["also"]).first() if options["also"] else None
        if by is None or (options["also"] and also is None):
            raise CommandError("Unknown dimension code.")
        whole, _own = build(practice, period=period, by=by, also=also, k=options["k"])
        record(actor=None, action=Action.EXPORT, object_type="equity_report")
        self.stdout.write(json.dumps(whole.as_json(), indent=2, ensure_ascii=False))
