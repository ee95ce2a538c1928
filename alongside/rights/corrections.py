"""Correction requests: asked by the client, accepted or declined by the therapist, kept."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.notes import records as note_records
from alongside.rights.models import Correction


def ask(user, client, form) -> Correction:
    with transaction.atomic():
        correction = form.save(commit=False)
        correction.client = client
        correction.save()
        record(
            actor=user,
            action=Action.CREATE,
            object_type="correction",
            object_id=correction.pk,
            client_id=client.pk,
        )
        tell_therapist(
            client,
            kind="correction",
            summary=gettext_lazy("asked for a correction to their record"),
            url=reverse("rights:client_rights", args=[client.pk]),
        )
    return correction


def answer(therapist, correction, *, decision: str, text: str) -> Correction:
    """Accept or decline. Accepting a correction to a signed note adds the answer as an
    addendum (a signed note itself never changes); for other parts the therapist makes the
    change on its page and says here what they changed. Both answers stay on the record."""
    with transaction.atomic():
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        if correction.status != Correction.Status.OPEN:
            return correction
        correction.status = decision
        correction.answer = text
        correction.answered_by = therapist
        correction.answered_at = timezone.now()
        correction.save()
        note = correction.note
        if decision == Correction.Status.ACCEPTED and note is not None and note.is_signed:
            note_records.add_addendum(therapist, note, text)
        record(
            actor=therapist,
            action=Action.UPDATE,
            object_type="correction",
            object_id=correction.pk,
            client_id=correction.client_id,
        )
    return correction
