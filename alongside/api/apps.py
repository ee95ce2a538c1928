from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "alongside.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self):
        from alongside.accounts.signals import sign_in_changed
        from alongside.api.tokens import revoke_all

        # Whatever signs a person out of their other sessions revokes their tokens too.
        sign_in_changed.connect(revoke_all, dispatch_uid="api.revoke_all")
