from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "alongside.notes"
    label = "notes"
    verbose_name = "Sessions and notes"
