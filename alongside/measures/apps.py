from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "alongside.measures"
    label = "measures"
    verbose_name = _("Check-ins and measures")

    def ready(self):
        from alongside.measures import (
            checks,  # noqa: F401 (registers the system check)
            needs,  # noqa: F401 (its part of the homes)
        )
