"""Every step of a letter, each atomic and audited as object_type "letter" with the client's
id, so it appears in the client's "Who has seen my record". Events hold ids, never text.

The rules that matter: the client picks the facts; the therapist can finalise only a
letter the client approved, with its consent in force, unexpired and for the very words
now in the letter; a finalised letter never changes (a change is a new version); the
client may withdraw at any time, which stops finalising and downloading.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.core.versioning import StaleEdit, claim_next_version
from alongside.letters.models import (
    EDITABLE,
    ChangeRequest,
    ConsentStatus,
    Letter,
    LetterConsent,
    LetterFact,
    Letterhead,
    Stage,
)
from alongside.letters.text import digest, letter_text

LETTER = "letter"


class NotReady(Exception):
    """The letter can't take this step now; the message says why, in plain words."""


def _audit(actor, action, letter):
    record(
        actor=actor,
        action=action,
        object_type=LETTER,
        object_id=letter.pk,
        client_id=letter.client_id,
    )


def _url(letter):
    return reverse("letters:detail", args=[letter.client_id, letter.pk])


def start(actor, client, form) -> Letter:
    """A new draft from a template: its text copied, placeholders kept until shown."""
    with transaction.atomic():
        letter = form.save(commit=False)
        letter.client = client
        letter.kind = letter.template.kind
        letter.body = letter.template.body
        letter.created_by = actor
        letter.save()
        _audit(actor, Action.CREATE, letter)
    return letter


def save_draft(actor, letter, form) -> Letter:
    """The therapist's edit. Any edit sends the letter back to draft, and a consent given
    for the old words no longer covers it."""
    if letter.locked:
        raise NotReady(_("This letter is locked. Make a new version to change it."))
    with transaction.atomic():
        # Only a letter still unlocked may be claimed: an edit racing the finalising (or the
        # client's withdrawal) waits for it, then finds the letter locked and is refused.
        version = claim_next_version(
            letter,
            form.cleaned_data["version"],
            queryset=Letter.objects.exclude(stage__in=(Stage.FINALISED, Stage.WITHDRAWN)),
            message=_("Someone else saved this letter after you opened it."),
        )
        letter = form.save(commit=False)
        letter.version = version
        letter.stage = Stage.DRAFT
        letter.save()
        _end_consent(actor, letter, ConsentStatus.SUPERSEDED)
        _audit(actor, Action.UPDATE, letter)
    return letter


def send_to_client(actor, letter) -> None:
    if letter.stage not in (Stage.DRAFT, Stage.CHANGES_ASKED):
        raise NotReady(_("Only a draft can be sent to the client."))
    with transaction.atomic():
        letter.stage = Stage.WITH_CLIENT
        letter.sent_at = timezone.now()
        letter.save(update_fields=["stage", "sent_at"])
        _audit(actor, Action.UPDATE, letter)


def choose_facts(actor, letter, chosen: list, offers: list) -> None:
    """The client's picks, stored as they read now. Anything not picked stays out."""
    if letter.stage != Stage.WITH_CLIENT:
        raise NotReady(_("You can choose what goes in while the letter is waiting for you."))
    by_source = {offer.source: offer for offer in offers}
    with transaction.atomic():
        letter.facts.all().delete()
        LetterFact.objects.bulk_create(
            [
                LetterFact(
                    letter=letter,
                    source=source,
                    label=by_source[source].label,
                    text=by_source[source].text,
                    order=number,
                )
                for number, source in enumerate(chosen)
                if source in by_source
            ]
        )
        _audit(actor, Action.UPDATE, letter)


def approve(actor, letter) -> LetterConsent:
    """The client agrees: a consent for these words, this recipient and purpose, until the
    date set."""
    if letter.stage != Stage.WITH_CLIENT:
        raise NotReady(_("This letter is not waiting for your approval."))
    if letter.consent_until < timezone.localdate():
        raise NotReady(_("The date this consent would last until has passed. Ask for changes."))
    with transaction.atomic():
        consent = LetterConsent.objects.create(
            letter=letter,
            status=ConsentStatus.ACTIVE,
            given_by=actor,
            recipient=letter.recipient,
            purpose=letter.purpose,
            until=letter.consent_until,
            facts=list(letter.facts.values_list("source", flat=True)),
            text_digest=digest(letter),
        )
        letter.stage = Stage.APPROVED
        letter.save(update_fields=["stage"])
        _audit(actor, Action.UPDATE, letter)
        tell_therapist(
            letter.client,
            kind="letter",
            summary=gettext_lazy("approved a letter"),
            url=_url(letter),
        )
    return consent


def ask_for_changes(actor, letter, words: str) -> ChangeRequest:
    if letter.stage != Stage.WITH_CLIENT:
        raise NotReady(_("This letter is not waiting for you."))
    with transaction.atomic():
        change = ChangeRequest.objects.create(
            letter=letter, text=words, text_then=letter_text(letter), by=actor
        )
        letter.stage = Stage.CHANGES_ASKED
        letter.save(update_fields=["stage"])
        _audit(actor, Action.UPDATE, letter)
        tell_therapist(
            letter.client,
            kind="letter",
            summary=gettext_lazy("asked for changes to a letter"),
            url=_url(letter),
        )
    return change


def withdraw(actor, letter) -> None:
    """The client takes back their consent, or says no to the letter, at any stage."""
    if letter.stage == Stage.WITHDRAWN:
        return
    with transaction.atomic():
        _end_consent(actor, letter, ConsentStatus.WITHDRAWN)
        letter.stage = Stage.WITHDRAWN
        letter.save(update_fields=["stage"])
        _audit(actor, Action.UPDATE, letter)
        tell_therapist(
            letter.client,
            kind="letter",
            summary=gettext_lazy("withdrew consent for a letter"),
            url=_url(letter),
        )


def _end_consent(actor, letter, status):
    letter.consents.filter(status=ConsentStatus.ACTIVE).update(
        status=status, ended_at=timezone.now(), ended_by=actor
    )


def why_not_final(letter) -> str:
    """Why this letter can't be finalised now, in plain words; "" when it can."""
    consent = letter.consent
    if letter.stage == Stage.WITHDRAWN:
        return _("The client withdrew their consent, so this letter can't be finalised.")
    if letter.stage == Stage.FINALISED:
        return _("This letter is already finalised.")
    if letter.stage != Stage.APPROVED or consent is None:
        return _("The client has to approve this letter before you can finalise it.")
    if consent.until < timezone.localdate():
        return _("The client's consent ran out on %(date)s.") % {"date": consent.until}
    if consent.text_digest != digest(letter):
        return _("The letter changed after the client approved it. Send it to them again.")
    return ""


def finalise(actor, letter) -> None:
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        reason = why_not_final(letter)
        if reason:
            raise NotReady(reason)
        head = Letterhead.objects.filter(practice_id=letter.client.practice_id).first()
        letter.letterhead = head.snapshot() if head else {"name": letter.client.practice.name}
        letter.finalised_at = timezone.now()
        letter.finalised_by = actor
        letter.final_text = letter_text(letter)
        letter.stage = Stage.FINALISED
        letter.save(
            update_fields=["letterhead", "finalised_at", "finalised_by", "final_text", "stage"]
        )
        _audit(actor, Action.SIGN, letter)


def new_version(actor, letter) -> Letter:
    """A finalised or withdrawn letter stays as it is; changes go into a new draft, which
    needs the client's choice of facts and approval again."""
    if letter.stage not in (Stage.FINALISED, Stage.WITHDRAWN):
        raise NotReady(_("Only a finalised or withdrawn letter gets a new version."))
    if Letter.objects.filter(previous=letter).exists():
        raise NotReady(_("This letter already has a newer version."))
    with transaction.atomic():
        fresh = Letter.objects.create(
            client=letter.client,
            template=letter.template,
            kind=letter.kind,
            recipient=letter.recipient,
            purpose=letter.purpose,
            consent_until=max(letter.consent_until, timezone.localdate()),
            body=letter.body,
            number=letter.number + 1,
            previous=letter,
            created_by=actor,
        )
        _audit(actor, Action.CREATE, fresh)
    return fresh


def downloadable(letter) -> str:
    """Why the PDF can't be downloaded now ("" when it can)."""
    if letter.stage == Stage.WITHDRAWN:
        return _("The client withdrew their consent, so this letter can't be downloaded.")
    if letter.stage != Stage.FINALISED:
        return _("Only a finalised letter can be downloaded.")
    return ""


__all__ = ["EDITABLE", "NotReady", "StaleEdit"]
