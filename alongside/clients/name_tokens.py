"""Keeping each client's name index in step with their name (see clients.name_index)."""

from django.db import transaction

from alongside.clients import name_index
from alongside.clients.models import Client, NameToken


def index_names(clients) -> None:
    """Replace the search tokens and the bucket of these clients (one transaction, a few
    statements)."""
    clients = list(clients)
    for client in clients:
        client.name_bucket = name_index.bucket_for(client.chosen_name)
    with transaction.atomic():
        NameToken.objects.filter(client__in=[c.pk for c in clients]).delete()
        NameToken.objects.bulk_create(
            [
                NameToken(client_id=c.pk, kind=kind, digest=digest, key_id=key_id)
                for c in clients
                for kind, digest, key_id in name_index.tokens_for(c.chosen_name)
            ],
            batch_size=2000,
        )
        # An update, not save(): saving would index the name again (on_client_saved).
        Client.objects.bulk_update(clients, ["name_bucket"], batch_size=500)


def index_name(client: Client) -> None:
    index_names([client])


def index_all(batch: int = 500) -> int:
    done, last = 0, 0
    while True:
        chunk = list(Client.objects.filter(pk__gt=last).only("pk", "chosen_name")[:batch])
        if not chunk:
            return done
        index_names(chunk)
        done, last = done + len(chunk), chunk[-1].pk


def on_client_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and "chosen_name" not in update_fields):
        return
    index_name(instance)


def reindex_stale(batch: int = 500, **kwargs) -> int:
    """Re-index every client not indexed under the primary key (after a rotation), or not
    indexed at all. Every indexed client has a bucket under the key it was indexed with; a
    name too short for search tokens has only that."""
    primary = name_index.primary_key_id()
    done = 0
    while True:
        stale = list(
            Client.objects.exclude(name_bucket__startswith=f"{primary}:").order_by("pk")[:batch]
        ) + list(
            Client.objects.filter(name_tokens__isnull=False)
            .exclude(name_tokens__key_id=primary)
            .distinct()
            .order_by("pk")[:batch]
        )
        if not stale:
            return done
        index_names({c.pk: c for c in stale}.values())
        done += len(stale)
