from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connect signals: the audit of privilege changes, and the session's clocks started
        # at every sign-in, also one made before a request has loaded the middleware (a
        # test's force_login, a shell).
        from alongside.accounts import middleware, privileges  # noqa: F401
