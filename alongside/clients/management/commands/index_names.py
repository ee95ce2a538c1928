from django.core.management.base import BaseCommand

from alongside.clients.name_tokens import index_all


class Command(BaseCommand):
    help = "Rebuild the blind index of client names (search and A to Z), e.g. after an import."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {index_all()} names.")
