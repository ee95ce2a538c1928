"""Demo letters: the practice's letterhead and a housing-repairs letter waiting for Ash to
choose its facts and approve it. Called from alongside.demo.seed.seed()."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.models import Client
from alongside.letters import records
from alongside.letters.models import Letter, Letterhead, LetterTemplate

BODY_EXTRA = (
    "\n\nThe damp has been reported three times since October. I ask that the council "
    "inspects the flat and treats the mould within 14 days."
)


def seed(practice) -> None:
    Letterhead.objects.create(
        practice=practice,
        name=practice.name,
        address="1 Example Row\nRiverside RV1 0AA",
        phone="020 7946 0000",
        email="hello@riverside.example",
        footer="An invented practice, for the Alongside demo.",
    )
    ash = Client.objects.filter(practice=practice, user__username="ash").first()
    if ash is None:
        return
    template = LetterTemplate.objects.for_practice(practice).get(kind="housing_repairs")
    letter = Letter.objects.create(
        client=ash,
        template=template,
        kind=template.kind,
        recipient="Riverside Council, Housing Repairs",
        purpose="repairs to the damp and mould in the bedroom",
        consent_until=timezone.localdate() + timedelta(days=90),
        body=template.body.replace("without further delay.", "without further delay." + BODY_EXTRA),
        created_by=ash.therapist,
    )
    records.send_to_client(ash.therapist, letter)
