"""The client's side of open notes: read the shared part, add "my perspective", say
"this doesn't fit me", and see what we agreed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import open_client, open_own_record
from alongside.clients.home import mark_opened
from alongside.clients.models import PortalSeen
from alongside.core.access import allow_methods, role_required
from alongside.notes import records
from alongside.notes.access import denied, open_my_note
from alongside.notes.forms import FlagForm, PerspectiveForm
from alongside.notes.models import AgreedAction, Note, Who
from alongside.notes.reading import portal_context


def _my_client(user, object_type="notes"):
    return open_own_record(user, object_type=object_type)


@role_required(Role.CLIENT)
def my_notes(request):
    allow_methods(request, "GET")
    client = _my_client(request.user)
    notes = Note.objects.for_client(request.user).select_related("session")
    return render(
        request,
        "notes/portal_list.html",
        {
            "client": client,
            "released": [n for n in notes if not n.held_back],
            "held": [n for n in notes if n.held_back],
        },
    )


@role_required(Role.CLIENT)
def my_note(request, note_id):
    note = open_my_note(request.user, note_id)
    allow_methods(request, "GET")
    mark_opened(note.client, PortalSeen.Kind.NOTE, note.pk)  # no longer "new" on their home
    return render(request, "notes/portal_note.html", portal_context(request.user, note))


@role_required(Role.CLIENT)
def my_perspective(request, note_id):
    writing = request.method == "POST"
    note = open_my_note(request.user, note_id, action=Action.CREATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    form = PerspectiveForm(request.POST if writing else None, prefix="perspective")
    if writing and form.is_valid():
        perspective = records.add_perspective(request.user, note, form.cleaned_data["text"])
        messages.success(request, _("Thank you. Your perspective is kept with the note."))
        # Back to what they just wrote, with the thanks next to it, not the top of the page.
        return redirect(f"{note_url(note)}#perspective-{perspective.pk}")
    return render(request, "notes/portal_perspective.html", {"note": note, "form": form})


@role_required(Role.CLIENT)
def my_flag(request, note_id):
    writing = request.method == "POST"
    note = open_my_note(request.user, note_id, action=Action.CREATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    flaggable = portal_context(request.user, note)["flaggable"]
    section = request.GET.get("section")
    initial = {"section": section} if section in flaggable else {}
    form = FlagForm(
        request.POST if writing else None, initial=initial, sections=flaggable, prefix="flag"
    )
    if writing and form.is_valid():
        flag = records.add_flag(request.user, note, form)
        messages.success(request, _("Thank you. Your therapist will read this and can reply."))
        return redirect(f"{note_url(note)}#flag-{flag.pk}")
    return render(request, "notes/portal_flag.html", {"note": note, "form": form})


def note_url(note):
    return reverse("notes:my_note", args=[note.pk])


def _my_actions(user):
    return (
        AgreedAction.objects.filter(note__in=Note.objects.released_to(user))
        .select_related("note__session")
        .order_by("done", "-note__session__date", "id")
    )


@role_required(Role.CLIENT)
def my_agreed(request):
    allow_methods(request, "GET")
    _my_client(request.user, object_type="agreed_actions")
    actions = list(_my_actions(request.user))
    return render(
        request,
        "notes/portal_agreed.html",
        {
            "not_yet": [a for a in actions if not a.done],
            "done": [a for a in actions if a.done],
            "mine_to_mark": {Who.CLIENT, Who.TOGETHER},
        },
    )


@role_required(Role.CLIENT)
def my_action_done(request, action_id):
    item = (
        _my_actions(request.user).filter(pk=action_id, who__in=[Who.CLIENT, Who.TOGETHER]).first()
    )
    if item is None:
        denied(request.user, Action.UPDATE, "agreed_action", action_id)
    open_client(
        request.user,
        item.note.client_id,
        action=Action.UPDATE,
        object_type="agreed_action",
        object_id=item.pk,
    )
    allow_methods(request, "POST")
    records.set_done(request.user, item, request.POST.get("done") == "1")
    messages.success(request, _("Saved."))
    return redirect("notes:my_agreed")
