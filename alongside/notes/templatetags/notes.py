"""Pieces of the notes app shown on other apps' pages (client record, caseload, portal),
each fetching through the same scoped querysets as the notes pages."""

from typing import TypedDict

from django import template
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils.formats import localize
from django.utils.translation import ngettext

from alongside.clients.access import may_write
from alongside.clients.caseload import UNUSED_HERE
from alongside.core.dates import day
from alongside.core.links import path_by_id
from alongside.core.paging import paginate
from alongside.notes.models import (
    AgreedAction,
    Attendance,
    Barrier,
    Flag,
    Modality,
    Note,
    Perspective,
    Session,
    SupervisionComment,
)

register = template.Library()

SESSIONS_PER_PAGE = 20


class SessionRow(TypedDict):
    """One line of the sessions card, its words worked out once: the date shows up to four
    times in a row (for screen readers, beside each link), and the template's filters and
    `get_*_display` cost more than the rest of the row together. A dict, not an object:
    the template engine tries `row[name]` first and would pay a caught TypeError for every
    name it looks up on an object."""

    note: Note | None
    signed: bool
    held_back: bool
    waiting: int
    comments: int
    when: str
    modality: str
    length: str
    attendance: str
    barrier: str
    note_url: str
    edit_url: str
    write_url: str
    change_url: str
    # Whether the reader may go on writing the note, or change the session: both only until
    # the note is signed, and only for the client's own therapist.
    may_write_note: bool
    may_change: bool


def _session_rows(client, sessions, notes_by_session, *, can_write) -> list[SessionRow]:
    note_url = path_by_id("notes:detail")
    edit_url = path_by_id("notes:edit")
    write_url = path_by_id("notes:session_note", client.pk)
    change_url = path_by_id("notes:session_edit", client.pk)
    # Labels in the language of this request, each translated once for the whole card.
    modality = {value: str(label) for value, label in Modality.choices}
    attendance = {value: str(label) for value, label in Attendance.choices}
    barrier = {value: str(label).lower() for value, label in Barrier.choices}
    lengths: dict[int, str] = {}
    rows = []
    for session in sessions:
        if session.minutes not in lengths:
            lengths[session.minutes] = ngettext(
                "%(minutes)s min", "%(minutes)s min", session.minutes
            ) % {"minutes": localize(session.minutes)}
        note = notes_by_session.get(session.pk)
        signed = note is not None and note.is_signed
        rows.append(
            SessionRow(
                note=note,
                signed=signed,
                held_back=note is not None and note.held_back,
                waiting=note.waiting if note else 0,
                comments=note.comments if note else 0,
                when=day(session.date, "SHORT_DATE_FORMAT"),
                modality=modality.get(session.modality, session.modality),
                length=lengths[session.minutes],
                attendance=attendance.get(session.attendance, session.attendance),
                barrier=barrier.get(session.barrier, session.barrier.lower()),
                note_url=note_url(note.pk) if note else "",
                edit_url=edit_url(note.pk) if note else "",
                write_url=write_url(session.pk),
                change_url=change_url(session.pk),
                may_write_note=can_write and note is not None and not signed,
                may_change=can_write and not signed,
            )
        )
    return rows


@register.inclusion_tag("notes/_client_sessions.html", takes_context=True)
def client_sessions(context, client, per_page=SESSIONS_PER_PAGE):
    """The sessions card of a client record, newest first and a page at a time (?page=N),
    with each note's state and what waits."""
    user = context["user"]
    request = context.get("request")
    page = paginate(
        Session.objects.visible_to(user, client=client),
        request.GET.get("page") if request else None,
        per_page,
    )
    # Only this page's notes, and only the columns the list needs: loading whole notes
    # would decrypt every section.
    notes = (
        Note.objects.visible_to(user, client=client)
        .filter(session__in=[s.pk for s in page])
        .only("pk", "session_id", "status", "held_back")
        .annotate(
            waiting=Count(
                "perspectives", filter=Q(perspectives__replied_at__isnull=True), distinct=True
            )
            + Count("flags", filter=Q(flags__replied_at__isnull=True), distinct=True),
            comments=Count("supervision_comments", distinct=True),
        )
        .order_by()  # looked up by session below, so in no particular order
    )
    can_write = may_write(user, client)
    by_session = {note.session_id: note for note in notes}
    return {
        "rows": _session_rows(client, page, by_session, can_write=can_write),
        "page_obj": page,
        "client": client,
        "user": user,
        "can_write": can_write,
        "csrf_token": context.get("csrf_token"),
    }


WAITING_SHOWN = 20


@register.inclusion_tag("notes/_waiting.html", takes_context=True)
def notes_waiting(context):
    """On the caseload: perspectives and "doesn't fit" flags that wait for a reply, and
    supervisors' comments not yet seen, newest first."""
    user = context["user"]
    # Only the therapist's own caseload waits on them: a record they opened in an
    # emergency is read-only, and what its client wrote is for its own therapist. That is
    # the notes door for writing (the records they hold), which is also cheaper to build.
    notes = Note.objects.editable_by(user)
    # Exists, not `note__in=notes`: what waits is a handful of rows, the caseload's notes
    # hundreds of thousands; SQLite would otherwise list every note before finding none.
    in_scope = Exists(notes.filter(pk=OuterRef("note_id")))
    # Per kind: what waits, and what its line needs beyond who, whose note and its date.
    kinds = {
        "comment": (
            SupervisionComment.objects.filter(in_scope, seen_at__isnull=True),
            ("author",),
            ("author__first_name", "author__last_name", "author__username"),
        ),
        "perspective": (Perspective.objects.filter(in_scope, replied_at__isnull=True), (), ()),
        "flag": (Flag.objects.filter(in_scope, replied_at__isnull=True), (), ("section",)),
    }
    # Which are the newest, from one query that reads no note, client or author: joined
    # in, PostgreSQL spent longer planning the three queries than running them.
    firsts = [
        rows.order_by().annotate(kind=Value(kind)).values_list("created_at", "pk", "kind")
        for kind, (rows, _joined, _more) in kinds.items()
    ]
    newest = firsts[0].union(*firsts[1:], all=True).order_by("-created_at")[:WAITING_SHOWN]
    ids: dict[str, list[int]] = {}
    for _at, pk, kind in newest:
        ids.setdefault(kind, []).append(pk)
    # Only what the list says: the note's sections, the comment's and the perspective's
    # words stay encrypted in the database. Read again by id: the ids came through the
    # door just now.
    shown = ("created_at", "note__session__date", "note__client__chosen_name")
    items: list = []
    for kind, pks in ids.items():
        rows, joined, more = kinds[kind]
        items += (
            rows.model.objects.filter(pk__in=pks)
            .select_related("note__session", "note__client", *joined)
            .only(*shown, *more)
        )
    items.sort(key=lambda item: (item.created_at, item.pk), reverse=True)
    return {"items": items}


@register.inclusion_tag("notes/_portal_summary.html", takes_context=True)
def portal_notes_summary(context):
    user = context["user"]
    released = Note.objects.released_to(user)
    return {
        "released": released.count(),
        "held": Note.objects.for_client(user).filter(held_back=True).count(),
        "not_yet": AgreedAction.objects.filter(note__in=released, done=False).count(),
    }


@register.inclusion_tag("notes/_supervisor_comments.html", takes_context=True)
def supervisor_comments(context, limit=10):
    """On the supervisor's home: their own latest comments, on notes they can still read."""
    user = context["user"]
    # Which, through the door first; then those few with their note, session, client and
    # therapist. One query joining all of them took PostgreSQL longer to plan than to run.
    newest = list(
        SupervisionComment.objects.filter(author=user, note__in=Note.objects.visible_to(user))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not newest:
        return {"my_comments": []}
    comments = (
        SupervisionComment.objects.filter(pk__in=newest)
        .select_related("note__session", "note__client__therapist")
        .defer(*(f"note__client__{name}" for name in UNUSED_HERE))
        .order_by("-created_at", "-pk")
    )
    return {"my_comments": list(comments)}
