"""Erasure under the practice's retention rule, discharge, and closing a portal account.

What the rule says must be kept stays, and the person is told why and until when; what may
go is deleted, rows and their encrypted text with them (backups drop it from their next
cycle on). The audit trail records each erasure with ids only; its rows are append-only
and are never deleted.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.models import ClientActivity, PortalSeen
from alongside.core.export_registry import erasers
from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Response
from alongside.notes.models import Session
from alongside.rights import retention
from alongside.rights.models import EndOfWork, Erasure


def _birth(end) -> date | None:
    if end is None or not end.birth_date:
        return None
    try:
        return date.fromisoformat(end.birth_date)
    except ValueError:
        return None


def last_contact(client) -> date | None:
    """The latest of: the last session, the last answers sent, the end of the work."""
    days = []
    session = Session.objects.filter(client=client).aggregate(last=Max("date"))["last"]
    if session:
        days.append(session)
    answered = Response.objects.filter(client=client).aggregate(last=Max("submitted_at"))["last"]
    if answered:
        days.append(timezone.localtime(answered).date())
    end = EndOfWork.objects.filter(client=client).first()
    if end:
        days.append(end.ended_on)
    return max(days) if days else None


def decide(client) -> retention.Decision:
    end = EndOfWork.objects.filter(client=client).first()
    rule = retention.rule_for(client.practice)
    return retention.keep_until(rule, last_contact(client), _birth(end))


@dataclass
class Plan:
    decision: retention.Decision
    everything: bool  # True: the whole record may go now
    erased: list[str]
    kept: list[str]


def _always_erasable() -> list[str]:
    return [
        _("Notifications to your therapist about what you did in the portal"),
        _("Which notes, letters and plan changes you had opened"),
        _("Check-ins you have not answered yet, their links and unsent answers"),
    ]


def _kept_while_retained() -> list[str]:
    return [
        _("Your details, sessions and signed session notes"),
        _("Your check-in answers and scores"),
        _("Your story, experiences and map"),
        _("Your corrections and what your therapist answered"),
    ]


def plan(client, today=None) -> Plan:
    today = today or timezone.localdate()
    decision = decide(client)
    if decision.must_keep(today):
        return Plan(decision, False, _always_erasable(), _kept_while_retained())
    return Plan(decision, True, [_("Everything we hold about you")], [])


def _erase_what_may_go(client) -> None:
    ClientActivity.objects.filter(client=client).delete()
    PortalSeen.objects.filter(client=client).delete()  # which notes and letters they opened
    Response.objects.filter(client=client, submitted_at__isnull=True).delete()
    CheckIn.objects.filter(client=client, status=CheckInStatus.OPEN).update(
        status=CheckInStatus.WITHDRAWN, link_hash="", link_expires_at=None
    )
    Assignment.objects.filter(client=client, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    )


def erase(actor, client, *, by_client: bool, today=None) -> Erasure:
    """Carry out an erasure request now, as far as the retention rule allows."""
    today = today or timezone.localdate()
    chosen = plan(client, today)
    decision = chosen.decision
    with transaction.atomic():
        erasure = Erasure.objects.create(
            practice=client.practice,
            client_ref=client.pk,
            requested_by=actor,
            by_client=by_client,
            outcome=Erasure.Outcome.ALL if chosen.everything else Erasure.Outcome.PART,
            keep_until=None if chosen.everything else decision.keep_until,
            rule=str(decision.reason)[:200],
        )
        client_id = client.pk
        _erase_what_may_go(client)
        if chosen.everything:
            user = client.user
            for erase_part in erasers():
                erase_part(client)
            client.delete()
            if user is not None:
                user.delete()
        record(
            actor=actor,
            action=Action.DELETE,
            object_type="record_erasure" if chosen.everything else "record_erasure_part",
            object_id=erasure.pk,
            client_id=client_id,
        )
    return erasure


def end_work(therapist, client, *, ended_on, birth_date="") -> EndOfWork:
    """Discharge: the work has ended. No more check-ins are asked for."""
    with transaction.atomic():
        end, _created = EndOfWork.objects.update_or_create(
            client=client,
            defaults={"ended_on": ended_on, "birth_date": birth_date, "ended_by": therapist},
        )
        Assignment.objects.filter(client=client, stopped_at__isnull=True).update(
            stopped_at=timezone.now()
        )
        CheckIn.objects.filter(client=client, status=CheckInStatus.OPEN).update(
            status=CheckInStatus.WITHDRAWN
        )
        record(
            actor=therapist,
            action=Action.UPDATE,
            object_type="end_of_work",
            object_id=end.pk,
            client_id=client.pk,
        )
    return end


def close_account(actor, client) -> bool:
    """Close the client's portal account: they can no longer sign in; the record stays."""
    user = client.user
    if user is None or not user.is_active:
        return False
    with transaction.atomic():
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        user.renew_security_stamp()  # signs out every session it has
        record(
            actor=actor,
            action=Action.UPDATE,
            object_type="portal_account",
            object_id=user.pk,
            client_id=client.pk,
        )
    return True
