"""Writes to sessions and notes: each one atomic, audited, and refused when it would
change signed content or overwrite someone's newer save."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.core.versioning import StaleEdit, claim_next_version, move_version_on
from alongside.notes import signing
from alongside.notes.models import (
    Addendum,
    Note,
    NoteStatus,
    PrivateReflection,
    Session,
    SupervisionComment,
)

__all__ = ["Locked", "StaleEdit"]


class Locked(Exception):
    """The note is signed: its content can't change, only gain addenda."""


def _audit(user, action, object_type, obj, client_id):
    record(
        actor=user, action=action, object_type=object_type, object_id=obj.pk, client_id=client_id
    )


UNSIGNED = Note.objects.exclude(status=NoteStatus.SIGNED)


def claim_unsigned(note, expected, message):
    """Claim the note's next version (core.versioning), only while it is unsigned: Locked if
    it was signed meanwhile, StaleEdit if it was saved."""
    try:
        claim_next_version(note, expected, queryset=UNSIGNED, message=message)
    except StaleEdit:
        if Note.objects.filter(pk=note.pk, status=NoteStatus.SIGNED).exists():
            raise Locked from None
        raise


# Sessions --------------------------------------------------------------------------------


def save_session(user, form, client) -> Session:
    with transaction.atomic():
        session = form.save(commit=False)
        if session.pk is None:
            session.client = client
            session.save()
            _audit(user, Action.CREATE, "session", session, client.pk)
            return session
        claim_next_version(
            session,
            form.cleaned_data["version"],
            message=_("Someone else saved this session after you opened it."),
        )
        if Note.objects.filter(session=session, status=NoteStatus.SIGNED).exists():
            raise Locked
        session.save()
        _audit(user, Action.UPDATE, "session", session, client.pk)
    return session


# Notes -----------------------------------------------------------------------------------


def start_note(user, session) -> Note:
    """The session's note, made as an empty draft the first time."""
    with transaction.atomic():
        note, created = Note.objects.get_or_create(
            session=session, defaults={"client": session.client, "author": user}
        )
        if created:
            _audit(user, Action.CREATE, "note", note, session.client_id)
    return note


def save_draft(user, note, form, actions=None) -> Note:
    """Save the note's sections (and agreed actions, and the author's private reflection).

    Autosave passes no `actions`: the blank rows of a formset on a page that has not been
    reloaded would be saved again on every keystroke.
    """
    with transaction.atomic():
        note = form.save(commit=False)
        claim_unsigned(
            note,
            form.cleaned_data["version"],
            _("This note was saved in another window or tab after you opened it."),
        )
        note.save()
        form.save_m2m()
        if actions is not None:
            actions.instance = note
            actions.save()
        _audit(user, Action.UPDATE, "note", note, note.client_id)
        save_reflection(
            user,
            note,
            form.cleaned_data.get("private_reflection", ""),
            share=form.cleaned_data.get("share_reflection", None),
        )
    return note


def link_new_experience(user, note, form):
    """Create an experience entry (through the context app) and link it to the draft."""
    from alongside.context.records import save_experience

    with transaction.atomic():
        # A form opened before this link would drop it on save: make that form stale. This
        # also holds the note's row, so it can't be signed while the link is made.
        if not move_version_on(note, queryset=UNSIGNED):
            raise Locked
        experience = save_experience(user, note.client, form)
        note.experiences.add(experience)
        _audit(user, Action.UPDATE, "note", note, note.client_id)
    return experience


def sign_note(user, note, version) -> Note:
    with transaction.atomic():
        claim_unsigned(note, version, _("This note changed after you opened this page."))
        # The signature covers the session's facts too: hold the session row until this
        # commits, and make any session form opened before it stale (core.versioning).
        move_version_on(Session(pk=note.session_id))
        note.refresh_from_db()
        note.status = NoteStatus.SIGNED
        note.signed_by = user
        note.signed_at = timezone.now()
        note.content_hash = signing.note_hash(note)
        note.save()
        _audit(user, Action.SIGN, "note", note, note.client_id)
    return note


def add_addendum(user, note, text) -> Addendum:
    with transaction.atomic():
        addendum = Addendum.objects.create(note=note, author=user, text=text, content_hash="")
        addendum.content_hash = signing.addendum_hash(addendum)
        addendum.save(update_fields=["content_hash"])
        _audit(user, Action.CREATE, "addendum", addendum, note.client_id)
    return addendum


def hold_back(user, note, reason) -> None:
    with transaction.atomic():
        note.held_back, note.hold_reason = True, reason
        note.held_at, note.held_by = timezone.now(), user
        note.save(update_fields=["held_back", "hold_reason", "held_at", "held_by"])
        _audit(user, Action.UPDATE, "note_release", note, note.client_id)


def release(user, note) -> None:
    with transaction.atomic():
        note.held_back = False
        note.save(update_fields=["held_back"])
        _audit(user, Action.UPDATE, "note_release", note, note.client_id)


def set_done(user, action, done: bool) -> None:
    with transaction.atomic():
        action.done = done
        action.done_at = timezone.now() if done else None
        action.save(update_fields=["done", "done_at"])
        _audit(user, Action.UPDATE, "agreed_action", action, action.note.client_id)


# Psychotherapy notes -------------------------------------------------------------------


def save_reflection(user, note, text, *, share=None) -> PrivateReflection | None:
    """Create or change the author's own private reflection on a note.

    Audited without the client id: the client's "who has seen my record" page lists events
    by client, and psychotherapy notes are kept apart from the record they can see.
    `share=None` leaves sharing as it is.
    """
    text = (text or "").strip()
    with transaction.atomic():
        reflection = PrivateReflection.objects.filter(note=note, author=user).first()
        if reflection is None and not text:
            return None
        created = reflection is None
        if created:
            reflection = PrivateReflection(note=note, author=user)
        elif reflection.text == text and share is None:
            return reflection
        reflection.text = text
        if share is not None:
            supervisor = user.supervisor if share else None
            if reflection.shared_with_id != getattr(supervisor, "pk", None):
                reflection.shared_with = supervisor
                reflection.shared_at = timezone.now() if supervisor else None
        reflection.save()
        record(
            actor=user,
            action=Action.CREATE if created else Action.UPDATE,
            object_type="private_reflection",
            object_id=reflection.pk,
        )
    return reflection


# What the client and supervisor add ----------------------------------------------------


def add_perspective(user, note, text):
    with transaction.atomic():
        perspective = note.perspectives.create(text=text)
        _audit(user, Action.CREATE, "note_perspective", perspective, note.client_id)
        tell_therapist(
            note.client,
            kind="note_perspective",
            summary=gettext_lazy("added their perspective to a session note"),
            url=reverse("notes:detail", args=[note.pk]) + "#from-client",
        )
    return perspective


def add_flag(user, note, form):
    with transaction.atomic():
        flag = form.save(commit=False)
        flag.note = note
        flag.save()
        _audit(user, Action.CREATE, "note_flag", flag, note.client_id)
        tell_therapist(
            note.client,
            kind="note_flag",
            summary=gettext_lazy("said part of a session note doesn't fit them"),
            url=reverse("notes:detail", args=[note.pk]) + "#from-client",
        )
    return flag


def reply(user, item, text, object_type) -> None:
    with transaction.atomic():
        item.reply, item.replied_at, item.replied_by = text, timezone.now(), user
        item.save(update_fields=["reply", "replied_at", "replied_by"])
        _audit(user, Action.UPDATE, object_type, item, item.note.client_id)


def add_supervision_comment(user, note, text) -> SupervisionComment:
    with transaction.atomic():
        comment = note.supervision_comments.create(author=user, text=text)
        _audit(user, Action.CREATE, "supervision_comment", comment, note.client_id)
    return comment
