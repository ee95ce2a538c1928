"""Writes for check-ins: assigning, links, drafts, sending, and recording a repair.

Each write is atomic and audited with ids only. Sending is the one step that must happen
once: it is a conditional UPDATE on the check-in, so a second submit (a double tap, the
same link opened twice) finds nothing to change and is refused.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.core import languages
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


def link_days() -> int:
    return getattr(settings, "MEASURES_LINK_DAYS", 7)


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


# Links ---------------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(actor, check_in, *, now=None) -> str:
    """A new single-use link for this check-in (any earlier link stops working). Returns the
    token, which is kept nowhere: show or send it once."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        check_in.link_hash = _hash(token)
        check_in.link_expires_at = now + timedelta(days=link_days())
        check_in.link_used_at = None
        check_in.save(update_fields=["link_hash", "link_expires_at", "link_used_at"])
        record(
            actor=actor,
            action=Action.INVITE,
            object_type="check_in",
            object_id=check_in.pk,
            client_id=check_in.client_id,
        )
    return token


def link_path(token: str) -> str:
    return reverse("measures:link", args=[token])


class LinkState:
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def open_link(token: str, *, now=None) -> tuple[str, CheckIn | None]:
    """Find the one check-in a link token opens, and whether it may still be answered."""
    if not token or len(token) > 100:
        return LinkState.UNKNOWN, None
    check_in = CheckIn.objects.select_related("client").filter(link_hash=_hash(token)).first()
    if check_in is None:
        return LinkState.UNKNOWN, None
    if check_in.link_used_at or check_in.status == CheckInStatus.DONE:
        return LinkState.USED, check_in
    now = now or timezone.now()
    if check_in.status != CheckInStatus.OPEN or check_in.link_expires_at <= now:
        return LinkState.EXPIRED, check_in
    return LinkState.OK, check_in


def may_answer_by_link(user, check_in) -> bool:
    """Who may use a check-in link: anyone signed out (the link is the key), or the
    check-in's own client when signed in. Any other signed-in person is refused."""
    if not getattr(user, "is_authenticated", False):
        return True
    return check_in.client.user_id is not None and check_in.client.user_id == user.pk


def email_link(request, check_in, token, *, base_url: str = "") -> None:
    """Email the link and note when; the address comes from the request, or from base_url
    (from cron)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    path = link_path(token)
    url = request.build_absolute_uri(path) if request else base_url.rstrip("/") + path
    with languages.for_person(check_in.client):  # the client's language, not the therapist's
        body = render_to_string(
            "measures/link_email.txt", {"link": url, "days": link_days()}, request=request
        )
        subject = _("A short check-in from your therapist")
        send_mail(subject, body, None, [check_in.client.email])
    check_in.link_emailed_at = timezone.now()
    CheckIn.objects.filter(pk=check_in.pk).update(link_emailed_at=check_in.link_emailed_at)


def links_to_email():
    """Open check-ins whose therapist asked for emailed links and that no link was emailed
    for yet, however the check-in came to exist (the cron run, or a page view before it)."""
    return (
        CheckIn.objects.filter(
            status=CheckInStatus.OPEN,
            link_emailed_at__isnull=True,
            assignment__email_links=True,
            assignment__stopped_at__isnull=True,
        )
        .exclude(client__email="")
        .select_related("client", "assignment")
    )


def email_due_links(*, base_url: str, now=None) -> int:
    """Email a link for each check-in in `links_to_email()`, once each; returns how many.

    Each send first claims the check-in (a conditional UPDATE of `link_emailed_at`), so two
    runs at once send one email. A failed send rolls its claim back and is tried next run.
    """
    now = now or timezone.now()
    sent = 0
    for check_in in links_to_email():
        with transaction.atomic():
            claimed = CheckIn.objects.filter(
                pk=check_in.pk, link_emailed_at__isnull=True, status=CheckInStatus.OPEN
            ).update(link_emailed_at=now)
            if not claimed:
                continue
            token = issue_link(None, check_in, now=now)
            email_link(None, check_in, token, base_url=base_url)
        sent += 1
    return sent


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
                summary=_("answered a check-in"),
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
