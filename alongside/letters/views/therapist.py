"""The therapist's side of a letter: start it, write it, send it to the client, finalise
it once they approve, and make a new version when something must change."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import may_write, open_client
from alongside.core.access import allow_methods, role_required
from alongside.core.versioning import StaleEdit, keep_what_they_typed
from alongside.letters import records
from alongside.letters.access import open_letter
from alongside.letters.forms import LetterForm, StartLetterForm
from alongside.letters.models import EDITABLE, Letter
from alongside.letters.text import preview_text

READERS = (Role.THERAPIST, Role.SUPERVISOR)


@role_required(*READERS)
def letters(request, client_id):
    client = open_client(request.user, client_id, object_type="letter")
    allow_methods(request, "GET")
    return render(
        request,
        "letters/letters.html",
        {
            "client": client,
            "letters": Letter.objects.visible_to(request.user).filter(client=client),
            "can_write": may_write(request.user, client),
        },
    )


@role_required(Role.THERAPIST)
def start(request, client_id):
    client = open_client(request.user, client_id, write=True, object_type="letter")
    allow_methods(request, "GET", "POST")
    form = StartLetterForm(request.POST or None, practice=client.practice)
    if request.method == "POST" and form.is_valid():
        letter = records.start(request.user, client, form)
        messages.success(request, _("Draft started. Change the words, then send it to the client."))
        return redirect("letters:edit", client.pk, letter.pk)
    return render(request, "letters/start.html", {"client": client, "form": form})


@role_required(*READERS)
def detail(request, client_id, letter_id):
    client, letter = open_letter(request.user, client_id, letter_id)
    allow_methods(request, "GET")
    return render(
        request,
        "letters/detail.html",
        {
            "client": client,
            "letter": letter,
            "text": preview_text(letter, for_client=False),
            "facts": letter.facts.all(),
            "consents": letter.consents.all(),
            "changes": letter.change_requests.all(),
            "why_not_final": records.why_not_final(letter),
            "can_write": may_write(request.user, client),
            "can_edit": letter.stage in EDITABLE,
            "newer": Letter.objects.filter(previous=letter).first(),
        },
    )


@role_required(Role.THERAPIST)
def edit(request, client_id, letter_id):
    client, letter = open_letter(request.user, client_id, letter_id, write=True)
    allow_methods(request, "GET", "POST")
    if letter.locked:
        messages.error(request, _("This letter is locked. Make a new version to change it."))
        return redirect("letters:detail", client.pk, letter.pk)
    form = LetterForm(request.POST or None, instance=letter, initial={"version": letter.version})
    if request.method == "POST" and form.is_valid():
        try:
            records.save_draft(request.user, letter, form)
        except StaleEdit as stale:
            form = keep_what_they_typed(form, str(stale))
        else:
            messages.success(request, _("Saved."))
            return redirect("letters:detail", client.pk, letter.pk)
    return render(
        request,
        "letters/edit.html",
        {"client": client, "letter": letter, "form": form, "changes": letter.change_requests.all()},
    )


def _step(request, client_id, letter_id, step, done):
    client, letter = open_letter(
        request.user, client_id, letter_id, write=True, action=Action.UPDATE
    )
    allow_methods(request, "POST")
    try:
        step(request.user, letter)
    except records.NotReady as why:
        messages.error(request, str(why))
    else:
        messages.success(request, done)
    return client, letter


@role_required(Role.THERAPIST)
def send(request, client_id, letter_id):
    client, letter = _step(
        request,
        client_id,
        letter_id,
        records.send_to_client,
        _("Sent to the client. They choose what goes in and approve it in their portal."),
    )
    return redirect("letters:detail", client.pk, letter.pk)


@role_required(Role.THERAPIST)
def finalise(request, client_id, letter_id):
    client, letter = _step(
        request, client_id, letter_id, records.finalise, _("Finalised. The letter is now locked.")
    )
    return redirect("letters:detail", client.pk, letter.pk)


@role_required(Role.THERAPIST)
def new_version(request, client_id, letter_id):
    client, letter = open_letter(
        request.user, client_id, letter_id, write=True, action=Action.CREATE
    )
    allow_methods(request, "POST")
    try:
        fresh = records.new_version(request.user, letter)
    except records.NotReady as why:
        messages.error(request, str(why))
        return redirect("letters:detail", client.pk, letter.pk)
    return redirect("letters:edit", client.pk, fresh.pk)
