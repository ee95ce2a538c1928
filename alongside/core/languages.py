"""Which language a person gets: their own choice when they made one, else the practice's.

What is made for someone other than the person asking (an email to a client, a PDF of a
client's plan, a check-in page opened from a link) follows the recipient's language, not the
asker's: `for_person(user)` wraps the making in `translation.override`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation


def shipped() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def language_or_default(code: str | None) -> str:
    return code if code in shipped() else settings.LANGUAGE_CODE


def of(person) -> str:
    """The language of a User, or of a Client through their portal account (a Client's own
    `language` field is free text in their words, not a language code)."""
    user = person if isinstance(person, get_user_model()) else getattr(person, "user", None)
    return language_or_default(getattr(user, "language", ""))


def for_person(person):
    """`with for_person(client): ...` renders and sends in that person's language."""
    return translation.override(of(person))


def activate_for(request, person) -> None:
    """A page opened from a link (no sign-in) speaks `person`'s language, unless this browser
    chose one with the switcher: then that choice stands."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in shipped():
        return
    request.LANGUAGE_CODE = of(person)
    translation.activate(request.LANGUAGE_CODE)
