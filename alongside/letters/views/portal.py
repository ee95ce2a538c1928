"""The client's side: read the draft, choose which facts go in, approve it or ask for
changes, and withdraw consent at any time."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.home import mark_opened
from alongside.clients.models import PortalSeen
from alongside.core.access import allow_methods, role_required
from alongside.letters import records
from alongside.letters.access import my_client, my_letter
from alongside.letters.facts import offers_for
from alongside.letters.forms import ApproveForm, ChangeRequestForm, ChooseFactsForm
from alongside.letters.models import Letter, Stage
from alongside.letters.text import preview_text


@role_required(Role.CLIENT)
def my_letters(request):
    client = my_client(request.user)
    allow_methods(request, "GET")
    return render(
        request,
        "letters/my_letters.html",
        {"letters": Letter.objects.visible_to(request.user).filter(client=client)},
    )


def _page(request, client, letter, *, facts_form=None, approve_form=None, change_form=None):
    offers = offers_for(client, request.user)
    chosen = list(letter.facts.values_list("source", flat=True))
    return render(
        request,
        "letters/my_letter.html",
        {
            "client": client,
            "letter": letter,
            "text": preview_text(letter, for_client=True),
            "waiting": letter.stage == Stage.WITH_CLIENT,
            "facts_form": facts_form or ChooseFactsForm(initial={"facts": chosen}, offers=offers),
            "approve_form": approve_form or ApproveForm(),
            "change_form": change_form or ChangeRequestForm(),
            "consent": letter.consent,
            "changes": letter.change_requests.all(),
        },
    )


@role_required(Role.CLIENT)
def my_letter_page(request, letter_id):
    client, letter = my_letter(request.user, letter_id)
    allow_methods(request, "GET")
    mark_opened(client, PortalSeen.Kind.LETTER, letter.pk, letter.version)
    return _page(request, client, letter)


@role_required(Role.CLIENT)
def my_facts(request, letter_id):
    client, letter = my_letter(request.user, letter_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    offers = offers_for(client, request.user)
    form = ChooseFactsForm(request.POST, offers=offers)
    if not form.is_valid():
        return _page(request, client, letter, facts_form=form)
    try:
        records.choose_facts(request.user, letter, form.cleaned_data["facts"], offers)
    except records.NotReady as why:
        messages.error(request, str(why))
    else:
        messages.success(request, _("Saved. Read the letter again below before you approve it."))
    return redirect("letters:my_letter", letter.pk)


@role_required(Role.CLIENT)
def my_approve(request, letter_id):
    client, letter = my_letter(request.user, letter_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _page(request, client, letter, approve_form=form)
    try:
        records.approve(request.user, letter)
    except records.NotReady as why:
        messages.error(request, str(why))
    else:
        messages.success(request, _("Thank you. Your therapist can now finalise the letter."))
    return redirect("letters:my_letter", letter.pk)


@role_required(Role.CLIENT)
def my_changes(request, letter_id):
    client, letter = my_letter(request.user, letter_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    form = ChangeRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, client, letter, change_form=form)
    try:
        records.ask_for_changes(request.user, letter, form.cleaned_data["text"])
    except records.NotReady as why:
        messages.error(request, str(why))
    else:
        messages.success(request, _("Sent to your therapist."))
    return redirect("letters:my_letter", letter.pk)


@role_required(Role.CLIENT)
def my_withdraw(request, letter_id):
    _client, letter = my_letter(request.user, letter_id, write=True, action=Action.UPDATE)
    allow_methods(request, "POST")
    records.withdraw(request.user, letter)
    messages.success(request, _("Your consent is withdrawn. This letter won't be sent."))
    return redirect("letters:my_letter", letter.pk)
