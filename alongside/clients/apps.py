from django.apps import AppConfig
from django.db.models.signals import post_save


class ClientsConfig(AppConfig):
    name = "alongside.clients"
    label = "clients"
    verbose_name = "Clients"

    def ready(self):
        from alongside.clients.models import Client
        from alongside.clients.name_tokens import on_client_saved, reindex_stale
        from alongside.core.signals import data_keys_rotated

        post_save.connect(on_client_saved, sender=Client, dispatch_uid="clients_name_index")
        data_keys_rotated.connect(reindex_stale, dispatch_uid="clients_name_reindex")
