from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "alongside.letters"
    label = "letters"
    verbose_name = "Advocacy letters"

    def ready(self):
        # Adds this app's part of the client's home and the supervisor's home.
        from alongside.letters import needs  # noqa: F401
