"""Writes to the social context and formulation: each versioned, atomic and audited.

Audit events carry ids only. `StaleEdit` means the row changed since the form was opened;
callers keep what the person typed and show what is saved now.
"""

import json

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.context.models import (
    Feedback,
    Formulation,
    FormulationSection,
    FormulationVersion,
    MapEntry,
    MapEntryVersion,
    Section,
)
from alongside.core.versioning import StaleEdit, claim_next_version

__all__ = ["StaleEdit"]


def _audit(actor, action, object_type, obj, client_id):
    record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        client_id=client_id,
    )


def _bump(model, obj, expected_version):
    """Claim the next version, or raise StaleEdit if someone saved first (core.versioning)."""
    claim_next_version(obj, expected_version, queryset=model.objects.all())


# Map ---------------------------------------------------------------------------------------


def save_map_entry(actor, client, form) -> MapEntry:
    """Create or change a map entry and keep the new state as a version."""
    with transaction.atomic():
        entry = form.save(commit=False)
        creating = entry.pk is None
        if entry.prefer_not_to_say:
            entry.words = ""
        entry.client = client
        entry.updated_by = actor
        if creating:
            entry.version = 1
        else:
            _bump(MapEntry, entry, form.cleaned_data["version"])
        entry.save()
        MapEntryVersion.objects.create(
            entry=entry,
            number=entry.version,
            custom_label=entry.custom_label,
            words=entry.words,
            salience=entry.salience,
            lived_as=entry.lived_as,
            prefer_not_to_say=entry.prefer_not_to_say,
            visibility=entry.visibility,
            author=actor,
        )
        _audit(actor, Action.CREATE if creating else Action.UPDATE, "map_entry", entry, client.pk)
    return entry


def save_position(actor, form):
    with transaction.atomic():
        position = form.save(commit=False)
        creating = position.pk is None
        if position.prefer_not_to_say:
            position.words = ""
        position.therapist = actor
        position.updated_by = actor
        if not creating:
            _bump(type(position), position, form.cleaned_data["version"])
        position.save()
        _audit(actor, Action.CREATE if creating else Action.UPDATE, "position", position, None)
    return position


def save_reflection(actor, client, form):
    with transaction.atomic():
        reflection = form.save(commit=False)
        creating = reflection.pk is None
        reflection.client, reflection.author = client, actor
        if not creating:
            _bump(type(reflection), reflection, form.cleaned_data["version"])
        reflection.save()
        _audit(actor, Action.UPDATE, "power_reflection", reflection, client.pk)
    return reflection


# Experiences -------------------------------------------------------------------------------


def save_experience(actor, client, form):
    with transaction.atomic():
        experience = form.save(commit=False)
        creating = experience.pk is None
        experience.client = client
        if creating:
            experience.created_by = actor
        else:
            _bump(type(experience), experience, form.cleaned_data["version"])
        experience.save()
        form.save_m2m()
        _audit(
            actor, Action.CREATE if creating else Action.UPDATE, "experience", experience, client.pk
        )
    return experience


# Formulation -------------------------------------------------------------------------------


def formulation_for(client) -> Formulation:
    formulation, _created = Formulation.objects.get_or_create(client=client)
    return formulation


def sections_of(formulation) -> dict:
    """Every section, keyed by Section, made on first use so each has a version counter."""
    existing = {s.key: s for s in formulation.sections.all()}
    missing = [
        FormulationSection(formulation=formulation, key=key)
        for key in Section.values
        if key not in existing
    ]
    if missing:
        FormulationSection.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {s.key: s for s in formulation.sections.all()}
    return existing


def _snapshot(formulation, actor, section_key, reason):
    texts = {s.key: s.text for s in formulation.sections.all() if s.text}
    last = formulation.versions.order_by("-number").values_list("number", flat=True).first()
    return FormulationVersion.objects.create(
        formulation=formulation,
        number=(last or 0) + 1,
        section=section_key,
        snapshot=json.dumps(texts, ensure_ascii=False),
        reason=reason,
        author=actor,
    )


def save_section(
    actor, section, text, expected_version, experiences=None, reason=None
) -> FormulationSection:
    """Save one section if nobody saved it since `expected_version`; every save is a version."""
    formulation = section.formulation
    with transaction.atomic():
        _bump(FormulationSection, section, expected_version)
        section.text = text
        section.updated_by = actor
        section.save(update_fields=["text", "updated_by", "updated_at"])
        if experiences is not None:
            section.experiences.set(experiences)
        version = _snapshot(
            formulation, actor, section.key, reason or FormulationVersion.Reason.EDIT
        )
        _audit(actor, Action.UPDATE, "formulation", version, formulation.client_id)
    return section


def set_formulation_visibility(actor, formulation, visibility):
    with transaction.atomic():
        formulation.visibility = visibility
        formulation.save(update_fields=["visibility"])
        _audit(actor, Action.UPDATE, "formulation", formulation, formulation.client_id)


# The client's voice ------------------------------------------------------------------------


def add_feedback(actor, formulation, section, form) -> Feedback:

    with transaction.atomic():
        feedback = form.save(commit=False)
        feedback.formulation = formulation
        feedback.section = section.key
        feedback.section_version = section.version
        feedback.author = actor
        feedback.save()
        _audit(actor, Action.CREATE, "formulation_feedback", feedback, formulation.client_id)
        summaries = {
            Feedback.Kind.COMMENT: gettext_lazy("commented on the formulation"),
            Feedback.Kind.PROPOSAL: gettext_lazy("proposed a change to the formulation"),
            Feedback.Kind.DOESNT_FIT: gettext_lazy("said part of the formulation doesn't fit"),
        }
        tell_therapist(
            formulation.client,
            kind=f"formulation_{feedback.kind}",
            summary=summaries[feedback.kind],
            url=reverse("context:formulation", args=[formulation.client_id])
            + f"#feedback-{feedback.pk}",
        )
    return feedback


def answer_feedback(actor, feedback, reply) -> Feedback:
    with transaction.atomic():
        feedback.reply = reply
        feedback.replied_by = actor
        feedback.replied_at = timezone.now()
        feedback.status = Feedback.Status.ANSWERED
        feedback.save(update_fields=["reply", "replied_by", "replied_at", "status"])
        _audit(
            actor, Action.UPDATE, "formulation_feedback", feedback, feedback.formulation.client_id
        )
    return feedback


def accept_proposal(actor, feedback, section, expected_version, reply="") -> Feedback:
    """Take the client's proposed words into the section as a new version. The proposal
    row stays, so nothing the client wrote is lost."""
    with transaction.atomic():
        save_section(
            actor,
            section,
            feedback.proposed_text,
            expected_version,
            reason=FormulationVersion.Reason.ACCEPTED,
        )
        feedback.status = Feedback.Status.ACCEPTED
        feedback.reply = reply
        feedback.replied_by = actor
        feedback.replied_at = timezone.now()
        feedback.save(update_fields=["status", "reply", "replied_by", "replied_at"])
        _audit(
            actor, Action.UPDATE, "formulation_feedback", feedback, feedback.formulation.client_id
        )
    return feedback
