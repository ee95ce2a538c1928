"""Demo data for the wording checker: a client's own words, one draft with wording to
look at, and a few findings set aside so the practice's counts page has something to show."""

from alongside.clients.models import Client, NamingStyle
from alongside.notes.models import Note, NoteStatus
from alongside.writing.checking import phrase_digest
from alongside.writing.models import Dismissal, DismissReason

DRAFT = (
    "Bea claims the council has ignored her repair requests since March. She was "
    "non-compliant with the plan to phone them, and is resistant to asking for help."
)


def seed(practice) -> None:
    clients = Client.objects.filter(practice=practice).select_related("therapist")
    ash = clients.filter(user__username="ash").first()
    if ash:
        ash.naming_style = NamingStyle.IDENTITY_FIRST
        ash.own_terms = "queer, working class"
        ash.save(update_fields=["naming_style", "own_terms"])
    bea = next((c for c in clients if c.chosen_name.startswith("Bea ")), None)
    draft = Note.objects.filter(client=bea, status=NoteStatus.DRAFT).first() if bea else None
    if draft:
        draft.agenda = DRAFT  # shows the checker at work when River opens the draft
        draft.save(update_fields=["agenda"])
    for client, rule, phrase, reason in [
        (bea, "authority.refuses", "refused", DismissReason.ACCURATE),
        (ash, "labels.addict", "addict", DismissReason.OWN_WORD),
        (ash, "credibility.claims", "claimed", DismissReason.RULE_WRONG),
    ]:
        if client:
            Dismissal.objects.create(
                practice=practice,
                client=client,
                author=client.therapist,
                rule=rule,
                phrase_digest=phrase_digest(phrase),
                reason=reason,
            )
