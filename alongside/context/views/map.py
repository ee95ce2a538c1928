"""The social-context map and its history, for the therapist (and a supervisor, reading
what the client shared) and for the client in the portal."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import may_write
from alongside.clients.activity import tell_therapist
from alongside.context import powermap
from alongside.context.access import my_client, open_for, open_row, scoped_row
from alongside.context.forms import MapEntryForm
from alongside.context.models import Dimension, MapEntry, Position
from alongside.context.records import StaleEdit, save_map_entry
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import keep_what_they_typed

STALE = gettext_lazy(
    "Someone else saved this part of the map after you opened it. What you typed is kept "
    "below; the saved version is shown beside it. Check both, then save again."
)


def map_context(user, client):
    entries = sorted(
        MapEntry.objects.visible_to(user).filter(client=client).select_related("dimension"),
        # The client's own parts after the shared list; SQLite sorts NULL first.
        key=lambda e: (e.dimension is None, e.dimension.order if e.dimension else 0, e.pk),
    )
    used = {e.dimension_id for e in entries}
    missing = [d for d in Dimension.objects.for_practice(client.practice) if d.pk not in used]
    return {
        "client": client,
        "entries": entries,
        "missing": missing,
        "can_write": may_write(user, client),
    }


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def client_map(request, client_id):
    client = open_for(request.user, client_id, object_type="social_map")
    allow_methods(request, "GET")
    return render(request, "context/map.html", map_context(request.user, client))


def _edit_entry(request, client, entry, *, template, done_url, checked):
    writing = request.method == "POST"
    initial = {"version": entry.version if entry else 1}
    if entry is None and request.GET.get("dimension"):
        initial["dimension"] = request.GET["dimension"]
    form = MapEntryForm(
        request.POST if writing else None,
        instance=entry,
        initial=initial,
        practice=client.practice,
        owner=client,
        checked=checked,
    )
    saved_now = None
    if writing and form.is_valid():
        try:
            entry = save_map_entry(request.user, client, form)
        except StaleEdit:
            saved_now = MapEntry.objects.visible_to(request.user).filter(pk=entry.pk).first()
            keep_what_they_typed(form, STALE, saved=getattr(saved_now, "version", None))
        else:
            messages.success(request, _("Saved. The earlier version is kept in the history."))
            return redirect(done_url), entry
    context = {"form": form, "client": client, "entry": entry, "saved_now": saved_now}
    return render(request, template, context), None


@role_required(Role.THERAPIST)
def map_add(request, client_id):
    writing = request.method == "POST"
    client = open_for(
        request.user,
        client_id,
        write=True,
        action=Action.CREATE if writing else Action.VIEW,
        object_type="map_entry",
    )
    allow_methods(request, "GET", "POST")
    done = reverse("context:map", args=[client.pk])
    response, _entry = _edit_entry(
        request, client, None, template="context/map_entry_form.html", done_url=done, checked=True
    )
    return response


@role_required(Role.THERAPIST)
def map_edit(request, client_id, entry_id):
    writing = request.method == "POST"
    action = Action.UPDATE if writing else Action.VIEW
    client, entry = open_row(
        request.user,
        client_id,
        MapEntry.objects,
        entry_id,
        object_type="map_entry",
        write=True,
        action=action,
    )
    allow_methods(request, "GET", "POST")
    done = reverse("context:map", args=[client.pk])
    response, _entry = _edit_entry(
        request, client, entry, template="context/map_entry_form.html", done_url=done, checked=True
    )
    return response


def history_rows(entry, user):
    """Versions of an entry, newest first. Once the client chose "prefer not to say", only
    the client can read the words they gave before."""
    versions = list(entry.versions.select_related("author"))
    hide = entry.prefer_not_to_say and user.role != Role.CLIENT
    return versions, hide


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def map_history(request, client_id, entry_id):
    client, entry = open_row(
        request.user, client_id, MapEntry.objects, entry_id, object_type="map_entry"
    )
    allow_methods(request, "GET")
    versions, hide = history_rows(entry, request.user)
    return render(
        request,
        "context/map_history.html",
        {"client": client, "entry": entry, "versions": versions, "hide_words": hide},
    )


# Power map ---------------------------------------------------------------------------------


def power_context(user, client):
    entries = MapEntry.objects.visible_to(user).filter(client=client).select_related("dimension")
    positions = Position.objects.visible_to(user).filter(therapist=client.therapist)
    rows = powermap.build(
        Dimension.objects.for_practice(client.practice), list(entries), list(positions)
    )
    return {
        "client": client,
        "rows": rows,
        "picture": powermap.layout(rows),
        "summary": powermap.summary(rows),
        "has_positions": bool(positions),
        "can_write": may_write(user, client),
    }


# Portal ------------------------------------------------------------------------------------


@role_required(Role.CLIENT)
def my_map(request):
    client = my_client(request.user, object_type="social_map")
    allow_methods(request, "GET")
    return render(request, "context/my_map.html", map_context(request.user, client))


def _tell(client, entry, created):
    tell_therapist(
        client,
        kind="map_entry",
        summary=gettext_lazy("added to their social-context map")
        if created
        else gettext_lazy("changed their social-context map"),
        url=reverse("context:map_history", args=[client.pk, entry.pk]),
    )


@role_required(Role.CLIENT)
def my_map_add(request):
    writing = request.method == "POST"
    client = my_client(
        request.user, object_type="map_entry", action=Action.CREATE if writing else Action.VIEW
    )
    allow_methods(request, "GET", "POST")
    response, entry = _edit_entry(
        request,
        client,
        None,
        template="context/my_map_entry_form.html",
        done_url=reverse("context:my_map"),
        checked=False,
    )
    if entry is not None:
        _tell(client, entry, created=True)
    return response


@role_required(Role.CLIENT)
def my_map_edit(request, entry_id):
    writing = request.method == "POST"
    action = Action.UPDATE if writing else Action.VIEW
    client = my_client(request.user, object_type="map_entry", action=action, object_id=entry_id)
    entry = scoped_row(
        MapEntry.objects,
        request.user,
        client=client,
        pk=entry_id,
        object_type="map_entry",
        write=True,
        action=action,
    )
    allow_methods(request, "GET", "POST")
    response, saved = _edit_entry(
        request,
        client,
        entry,
        template="context/my_map_entry_form.html",
        done_url=reverse("context:my_map"),
        checked=False,
    )
    if saved is not None:
        _tell(client, saved, created=False)
    return response


@role_required(Role.CLIENT)
def my_map_history(request, entry_id):
    client = my_client(request.user, object_type="map_entry", object_id=entry_id)
    entry = scoped_row(
        MapEntry.objects, request.user, client=client, pk=entry_id, object_type="map_entry"
    )
    allow_methods(request, "GET")
    versions, hide = history_rows(entry, request.user)
    return render(
        request,
        "context/my_map_history.html",
        {"client": client, "entry": entry, "versions": versions, "hide_words": hide},
    )
