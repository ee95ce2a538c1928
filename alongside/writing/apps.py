from django.apps import AppConfig


class WritingConfig(AppConfig):
    name = "alongside.writing"
    label = "writing"
    verbose_name = "Language checker in the editor"
