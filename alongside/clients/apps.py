from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "alongside.clients"
    label = "clients"
    verbose_name = "Clients"
