"""Letters about the cast's client (Ash) at each stage, for tests and the access walk."""

from datetime import timedelta

from django.utils import timezone

from alongside.letters import records
from alongside.letters.models import Letter, LetterTemplate, Stage

CANARY_PURPOSE = "CANARY-LETTER-PURPOSE"


def template(cast):
    return LetterTemplate.objects.for_practice(cast.practice).get(kind="housing_repairs")


def draft(cast, **extra):
    fields = {
        "client": cast.client,
        "template": template(cast),
        "kind": "housing_repairs",
        "recipient": "Riverside Council Repairs",
        "purpose": CANARY_PURPOSE,
        "consent_until": timezone.localdate() + timedelta(days=30),
        "body": template(cast).body,
        "created_by": cast.river,
    }
    fields.update(extra)
    return Letter.objects.create(**fields)


def sent(cast, **extra):
    letter = draft(cast, **extra)
    records.send_to_client(cast.river, letter)
    return letter


def approved(cast, **extra):
    letter = sent(cast, **extra)
    records.approve(cast.client_user, letter)
    letter.refresh_from_db()
    return letter


def finalised(cast, **extra):
    letter = approved(cast, **extra)
    records.finalise(cast.river, letter)
    letter.refresh_from_db()
    assert letter.stage == Stage.FINALISED
    return letter
