from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "alongside.plans"
    label = "plans"
    verbose_name = "Resilience and resistance plans"

    def ready(self):
        # Adds this app's part of the client's home and the supervisor's home.
        from alongside.plans import needs  # noqa: F401
