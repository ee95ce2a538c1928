from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "alongside.ops"
    label = "ops"
    verbose_name = "Operations"
