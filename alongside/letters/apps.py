from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "alongside.letters"
    label = "letters"
    verbose_name = "Advocacy letters"
