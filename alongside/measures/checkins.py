"""Writes for check-ins: assigning, drafts, sending, and recording a repair (links are in
measures.links, emailing them in measures.link_email).

Each write is atomic and audited with ids only. Sending is the one step that must happen
once: it is a conditional UPDATE on the check-in, so a second submit (a double tap, the
same link opened twice) finds nothing to change and is refused.
"""

import json

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.measures import instruments, ruptures
from alongside.measures.models import (
    Assignment,
    CheckIn,
    CheckInStatus,
    Flag,
    FlagKind,
    Response,
    Schedule,
    Via,
)


class AlreadySent(Exception):
    """The check-in was answered (or closed) before this submit."""


# Assigning -----------------------------------------------------------------------------------


def assign(therapist, client, *, instrument, schedule, every_weeks=None, email_links=False):
    from alongside.measures.schedule import make_due

    with transaction.atomic():
        assignment = Assignment.objects.create(
            client=client,
            instrument=instrument,
            schedule=schedule,
            every_weeks=every_weeks if schedule == Schedule.EVERY_N_WEEKS else None,
            email_links=email_links,
            assigned_by=therapist,
        )
        record(
            actor=therapist,
            action=Action.CREATE,
            object_type="measure_assignment",
            object_id=assignment.pk,
            client_id=client.pk,
        )
        make_due([assignment])
    return assignment


def stop(therapist, assignment) -> None:
    with transaction.atomic():
        assignment.stopped_at = timezone.now()
        assignment.save(update_fields=["stopped_at"])
        assignment.check_ins.filter(status=CheckInStatus.OPEN).update(
            status=CheckInStatus.WITHDRAWN
        )
        record(
            actor=therapist,
            action=Action.UPDATE,
            object_type="measure_assignment",
            object_id=assignment.pk,
            client_id=assignment.client_id,
        )


# Answering -----------------------------------------------------------------------------------


def draft_for(check_in) -> Response | None:
    return Response.objects.filter(check_in=check_in).first()


def save_draft(actor, check_in, answers: dict, *, via: str) -> Response:
    """Keep what the client has answered so far. Nothing is shown to anyone until sent."""
    instrument = instruments.get(check_in.instrument)
    with transaction.atomic():
        response = Response.objects.select_for_update().filter(check_in=check_in).first()
        created = response is None
        if created:
            response = Response(
                check_in=check_in,
                client_id=check_in.client_id,
                instrument=check_in.instrument,
                questionnaire_version=instrument.version,
                via=via,
            )
        elif response.submitted_at:
            raise AlreadySent
        response.answers = answers
        response.via = via
        response.save()
        record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            object_type="measure_response",
            object_id=response.pk,
            client_id=check_in.client_id,
        )
    return response


def submit(actor, check_in, answers: dict, *, via: str, at=None) -> Response:
    """Send the answers: mark the check-in done (once), score, raise any prompts, tell the
    therapist. Raises AlreadySent if it was done already."""
    instrument = instruments.get(check_in.instrument)
    at = at or timezone.now()
    kept = instrument.kept(answers)
    with transaction.atomic():
        changed = CheckIn.objects.filter(pk=check_in.pk, status=CheckInStatus.OPEN).update(
            status=CheckInStatus.DONE,
            completed_at=at,
            link_used_at=at if via == Via.LINK else None,
        )
        if not changed:
            raise AlreadySent
        response = Response.objects.filter(check_in=check_in).first() or Response(
            check_in=check_in,
            client_id=check_in.client_id,
            instrument=check_in.instrument,
            questionnaire_version=instrument.version,
            started_at=at,
        )
        response.answers = kept
        response.via = via
        response.submitted_at = at
        response.save()
        record(
            actor=actor,
            action=Action.CREATE,
            object_type="measure_response",
            object_id=response.pk,
            client_id=check_in.client_id,
        )
        flags = raise_flags(response, instrument)
        if via != Via.DEMO:
            url = reverse("measures:client", args=[check_in.client_id])
            tell_therapist(
                check_in.client,
                kind="check_in",
                summary=gettext_lazy("answered a check-in"),
                url=url,
            )
    check_in.status, check_in.completed_at = CheckInStatus.DONE, at
    response.raised = flags
    return response


def raise_flags(response, instrument) -> list[Flag]:
    answers = response.answers
    flags = []
    score = instrument.score(answers)
    for alert in score.alerts:
        flags.append(
            Flag(
                client_id=response.client_id,
                response=response,
                kind=FlagKind.SAFETY if alert.kind == "safety" else alert.kind,
                item=alert.item,
                details_json=json.dumps(
                    [{"item": alert.item, "value": answers_value(instrument, answers, alert.item)}]
                ),
                created_at=response.submitted_at,
            )
        )
    if instrument.key == "session-feedback":
        history = [
            instrument.values(earlier.answers)
            for earlier in Response.objects.completed()
            .filter(client_id=response.client_id, instrument=instrument.key)
            .exclude(pk=response.pk)
            .filter(submitted_at__lte=response.submitted_at)
            .order_by("submitted_at", "id")
        ]
        found = ruptures.signals(instrument.values(answers), history)
        if found:
            flags.append(
                Flag(
                    client_id=response.client_id,
                    response=response,
                    kind=FlagKind.RUPTURE,
                    item=found[0].item,
                    details_json=json.dumps([s.as_dict() for s in found]),
                    comment=answers.get("comment", ""),
                    created_at=response.submitted_at,
                )
            )
    for flag in flags:
        flag.save()
        record(
            actor=None,
            action=Action.CREATE,
            object_type="measure_flag",
            object_id=flag.pk,
            client_id=response.client_id,
        )
    return flags


def answers_value(instrument, answers, link_id):
    return instrument.question(link_id).value(answers.get(link_id))


def resolve_flag(therapist, flag, note: str, *, at=None) -> Flag:
    with transaction.atomic():
        flag.resolved_at = at or timezone.now()
        flag.resolved_by = therapist
        flag.repair_note = note
        flag.save(update_fields=["resolved_at", "resolved_by", "repair_note"])
        record(
            actor=therapist,
            action=Action.UPDATE,
            object_type="measure_flag",
            object_id=flag.pk,
            client_id=flag.client_id,
        )
    return flag
