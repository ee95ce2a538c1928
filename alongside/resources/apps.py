from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "alongside.resources"
    label = "resources"
    verbose_name = "Community resources and referrals"
