"""Writes the API makes that the pages' records functions don't fit exactly."""

from django.db import transaction
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.notes import records as note_records
from alongside.notes.models import NoteStatus


def save_shared_sections(user, note, form):
    """Save only a draft's shared sections. Unlike the note page's save, this leaves the
    author's private reflection and the linked experiences as they are: the API never
    sees either, so it must not overwrite them with blanks."""
    with transaction.atomic():
        status, version = note_records._lock_note(note)
        if status == NoteStatus.SIGNED:
            raise note_records.Locked
        if version != form.cleaned_data["version"]:
            raise note_records.StaleEdit(_("This note was saved elsewhere meanwhile."))
        note = form.save(commit=False)  # no save_m2m: experiences stay linked
        note.version = version + 1
        note.save()
        record(
            actor=user,
            action=Action.UPDATE,
            object_type="note",
            object_id=note.pk,
            client_id=note.client_id,
        )
    return note
