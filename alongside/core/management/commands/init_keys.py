import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from alongside.core.crypto import key_file, new_key


class Command(BaseCommand):
    help = "Create the data key file and the audit key file if they do not exist yet."

    def handle(self, *args, **options):
        made = []
        if not settings.DATA_KEYS and not key_file().exists():
            _write_private(key_file(), f"k1:{new_key()}\n")
            made.append(str(key_file()))
        audit = Path(settings.AUDIT_KEY_FILE)
        if not settings.AUDIT_KEY and not audit.exists():
            _write_private(audit, secrets.token_urlsafe(48) + "\n")
            made.append(str(audit))
        for path in made:
            self.stdout.write(f"Created {path}. Keep a copy apart from your backups.")


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=False)
    path.write_text(text)
