from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The invented demo practice (`seed_demo`): on top of every app, so none imports it."""

    name = "alongside.demo"
    label = "demo"
    verbose_name = "Demo"
