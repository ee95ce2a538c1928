from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from alongside.accounts import privileges  # noqa: F401 (connects the audit signals)
