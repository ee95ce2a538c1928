"""`alongside equity_refresh [--practice ID]`: derive again, from the records, the numbers
the equity report keeps (alongside.equity.derived), for every practice. Run it nightly (cron).

Reports bring the kept numbers up to date themselves, checking a fingerprint of the records
each time; this also catches a change no fingerprint sees (a record edited without its
change time, as by a raw SQL update), drops the numbers of clients no longer counted, and
makes the first report of the morning fast. It prints only how many rows it kept, never a
figure.
"""

from django.core.management.base import BaseCommand

from alongside.accounts.models import Practice
from alongside.context.models import Dimension
from alongside.equity import derived
from alongside.equity.metrics import counted_clients
from alongside.equity.models import Derived, EquitySettings, ReportingGroup
from alongside.equity.report import rules_of


class Command(BaseCommand):
    help = "Derive again the numbers the equity report keeps (encrypted), from the records."

    def add_arguments(self, parser):
        parser.add_argument("--practice", type=int, help="Only this practice (by id).")

    def handle(self, *args, **options):
        practices = Practice.objects.order_by("pk")
        if options["practice"]:
            practices = practices.filter(pk=options["practice"])
        for practice in practices:
            clients = counted_clients(practice, EquitySettings.for_practice(practice))
            derived.responses(practice, clients, full=True)
            kinds = [derived.RESPONSES]
            # Every dimension with groups, and any other a report has been asked for.
            grouped = set(
                ReportingGroup.objects.filter(practice=practice).values_list("dimension", flat=True)
            )
            for kind in Derived.objects.filter(practice=practice).values_list("kind", flat=True):
                if kind.startswith("groups:"):
                    grouped.add(int(kind.partition(":")[2]))
            for dimension in Dimension.objects.for_practice(practice).filter(pk__in=grouped):
                _labels, rules = rules_of(practice, dimension)
                derived.group_keys(practice, clients, dimension, rules, full=True)
                kinds.append(f"groups:{dimension.pk}")
            # Numbers for a dimension the practice no longer has are of no use.
            Derived.objects.filter(practice=practice).exclude(kind__in=kinds).delete()
            self.stdout.write(f"practice {practice.pk}: {len(kinds)} kinds of numbers derived")
