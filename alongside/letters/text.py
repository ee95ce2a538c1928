"""A letter's words: the body with its placeholders filled and the chosen facts in."""

import hashlib

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from alongside.letters.placeholders import fill


def values_for(letter, *, with_date=True) -> dict[str, str]:
    client = letter.client
    therapist = letter.created_by or client.therapist
    practice_name = letter.letterhead.get("name") if letter.letterhead else ""
    if not practice_name:
        from alongside.letters.models import Letterhead

        head = Letterhead.objects.filter(practice_id=client.practice_id).first()
        practice_name = head.name if head else client.practice.name
    day = (letter.finalised_at or timezone.now()).date()
    values = {
        "client_name": client.chosen_name,
        "client_pronouns": client.pronouns,
        "therapist_name": therapist.display_name if therapist else "",
        "practice_name": practice_name,
        "recipient": letter.recipient,
        "purpose": letter.purpose,
        "facts": "\n".join(f"• {fact.text}" for fact in letter.facts.all()),
    }
    if with_date:
        values["date"] = formats.date_format(day, "DATE_FORMAT")
    return values


def letter_text(letter) -> str:
    if letter.final_text:
        return letter.final_text
    return fill(letter.body, values_for(letter))


def preview_text(letter, *, for_client: bool) -> str:
    """The letter as the pages show it before it is final. Where the chosen facts go and none
    are chosen yet, a bracketed line says what will go there, so the gap after "has asked me
    to share the following:" doesn't read as a fault. Never in a PDF or what is agreed to."""
    if letter.final_text:
        return letter.final_text
    values = values_for(letter)
    if not values["facts"]:
        values["facts"] = (
            _("[Nothing chosen yet: what you tick below goes here.]")
            if for_client
            else _("[Nothing chosen yet: what the client ticks goes here.]")
        )
    return fill(letter.body, values)


def digest(letter) -> str:
    """What the client agreed to: the words and facts, but not the day's date nor the
    practice's name (an admin renaming the letterhead changes nothing the client read)."""
    values = values_for(letter, with_date=False)
    values.pop("practice_name")
    words = fill(letter.body, values)
    return hashlib.sha256(words.encode("utf-8")).hexdigest()
