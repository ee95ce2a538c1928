"""The text-message hook: off unless the practice names a provider class.

ALONGSIDE_SMS_PROVIDER is the dotted path of a class whose instances have
`send(to: str, text: str) -> None`. None is shipped: each practice picks (and contracts) its
own provider. The text is the same as the reminder email's: a time, nothing clinical.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def provider():
    path = getattr(settings, "ALONGSIDE_SMS_PROVIDER", "")
    return import_string(path)() if path else None


def send(to: str, text: str) -> bool:
    sender = provider()
    if sender is None or not to:
        return False
    sender.send(to, text)
    return True
