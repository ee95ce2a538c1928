from django.core.management.base import BaseCommand

from alongside.clients.models import Client
from alongside.clients.name_tokens import index_name


class Command(BaseCommand):
    help = "Rebuild the blind index of client names (search and A to Z), e.g. after an import."

    def handle(self, *args, **options):
        done = 0
        for client in Client.objects.only("pk", "chosen_name").iterator(chunk_size=500):
            index_name(client)
            done += 1
        self.stdout.write(f"Indexed {done} names.")
