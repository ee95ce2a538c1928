"""Keeping each client's name index in step with their name (see clients.name_index)."""

from django.db import transaction

from alongside.clients import name_index
from alongside.clients.models import Client, NameToken


def index_name(client: Client) -> None:
    with transaction.atomic():
        NameToken.objects.filter(client=client).delete()
        NameToken.objects.bulk_create(
            NameToken(client=client, kind=kind, digest=digest, key_id=key_id)
            for kind, digest, key_id in name_index.tokens_for(client.chosen_name)
        )


def on_client_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and "chosen_name" not in update_fields):
        return
    index_name(instance)


def reindex_stale(batch: int = 500, **kwargs) -> int:
    """Re-index every client whose tokens are not under the primary key (after rotation)."""
    primary = name_index.primary_key_id()
    done = 0
    while True:
        stale = list(
            Client.objects.filter(name_tokens__isnull=False)
            .exclude(name_tokens__key_id=primary)
            .distinct()[:batch]
        ) + list(Client.objects.filter(name_tokens__isnull=True)[:batch])
        if not stale:
            return done
        for client in stale:
            index_name(client)
        done += len(stale)
