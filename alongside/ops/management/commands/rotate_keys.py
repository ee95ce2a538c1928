from django.core.management.base import BaseCommand, CommandError

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.crypto import keyring
from alongside.core.keys import KeyInUse, add_key, key_usage, reencrypt_all, retire_key
from alongside.core.signals import data_keys_rotated


class Command(BaseCommand):
    help = (
        "Re-encrypt all sensitive data under the first (newest) data key. "
        "--new-key adds a key first; --retire ID removes a key once nothing uses it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="Add a new key, then rotate.")
        parser.add_argument("--retire", metavar="ID", help="Remove this key from the key file.")
        parser.add_argument("--status", action="store_true", help="Only show which keys are used.")

    def handle(self, *args, new_key=False, retire=None, status=False, **options):
        try:
            if status:
                return self._status()
            if new_key:
                self.stdout.write(f"Added key {add_key()}; it encrypts from now on.")
            if retire:
                retire_key(retire)
                self.stdout.write(f"Retired key {retire}.")
                record(actor=None, action=Action.ADMIN, object_type="data_key", object_id=retire)
                return
            changed = reencrypt_all()
            data_keys_rotated.send(sender=self.__class__)
        except KeyInUse as refusal:
            raise CommandError(f"Refused: {refusal}") from None
        except KeyError as missing:
            raise CommandError(f"There is no key {missing} in the key file.") from None
        record(actor=None, action=Action.ADMIN, object_type="data_key", object_id=keyring().primary)
        self.stdout.write(f"Re-encrypted {changed} values under key {keyring().primary}.")
        self._status()

    def _status(self):
        usage = key_usage()
        for key_id in keyring().ids:
            self.stdout.write(f"  {key_id}: {usage.get(key_id, 0)} values")
