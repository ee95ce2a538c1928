from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "alongside.context"
    label = "context"
    verbose_name = "Social context and formulation"
