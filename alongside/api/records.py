"""Writes the API makes that the pages' records functions don't fit exactly."""

from django.db import transaction
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.notes import records as note_records


def save_shared_sections(user, note, form):
    """Save only a draft's shared sections. Unlike the note page's save, this leaves the
    author's private reflection and the linked experiences as they are: the API never
    sees either, so it must not overwrite them with blanks."""
    with transaction.atomic():
        note = form.save(commit=False)  # no save_m2m: experiences stay linked
        # The one conflict mechanism (core.versioning), as the note page uses it.
        note_records.claim_unsigned(
            note, form.cleaned_data["version"], _("This note was saved elsewhere meanwhile.")
        )
        note.save()
        record(
            actor=user,
            action=Action.UPDATE,
            object_type="note",
            object_id=note.pk,
            client_id=note.client_id,
        )
    return note
