"""Letter templates are plain text with named placeholders such as {client_name}.

Never a Django template and never str.format: a template is data an admin types, so it
must not reach attributes, filters, tags or format specs. Only `{name}` with a name from
PLACEHOLDERS is a placeholder; anything else in braces is refused when a template or a
letter is saved, with a message that says what is wrong and where.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "client_name": _("the name the client uses"),
    "client_pronouns": _("the client's pronouns"),
    "therapist_name": _("your name"),
    "practice_name": _("the practice's name"),
    "date": _("today's date"),
    "recipient": _("who the letter is to"),
    "purpose": _("what the letter is for"),
    "facts": _("the facts the client chose to include, one per line"),
}

TOKEN = re.compile(r"\{([^{}]*)\}")
NAME = re.compile(r"[a-z_]{1,40}")


def problems(text: str) -> list[str]:
    """Everything wrong with the placeholders in `text`, in plain words (empty: all fine)."""
    found = []
    unknown = []
    for match in TOKEN.finditer(text or ""):
        name = match.group(1)
        if not NAME.fullmatch(name) or name not in PLACEHOLDERS:
            unknown.append("{" + name + "}")
    if unknown:
        found.append(
            _("Unknown placeholders: %(names)s. You can use: %(known)s.")
            % {"names": ", ".join(dict.fromkeys(unknown)), "known": known_list()}
        )
    leftover = TOKEN.sub("", text or "")
    if "{" in leftover or "}" in leftover:
        found.append(_("A { or } has no partner. Placeholders look like {client_name}."))
    return [str(p) for p in found]


def validate(text: str) -> None:
    errors = problems(text)
    if errors:
        raise ValidationError(errors)


def known_list() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def fill(text: str, values: dict[str, str]) -> str:
    """Put plain-text values in place of the placeholders. Text that is not a known
    placeholder is left exactly as it was; values are never read as placeholders."""

    def swap(match):
        name = match.group(1)
        return values.get(name, match.group(0)) if name in PLACEHOLDERS else match.group(0)

    return TOKEN.sub(swap, text or "")
