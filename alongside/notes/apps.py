from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "alongside.notes"
    label = "notes"
    verbose_name = "Sessions and notes"

    def ready(self):
        # Adds this app's part of the client's home and the supervisor's home.
        from alongside.notes import needs  # noqa: F401
        from alongside.notes.last_session import keep_in_step

        keep_in_step()  # each client's last session date follows their sessions
