from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "alongside.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        # Before anything is written: files 0600 in a 0700 var dir (core.private_files).
        from django.conf import settings

        from alongside.core.private_files import make_private

        make_private(
            settings.VAR_DIR,
            databases=settings.DATABASES,
            outbox=getattr(settings, "EMAIL_FILE_PATH", None),
        )
