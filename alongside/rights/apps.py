from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "alongside.rights"
    label = "rights"
    verbose_name = "Data rights"
