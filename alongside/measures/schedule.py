"""Turning assignments into check-ins that are due.

No scheduler: `make_due` is idempotent and cheap, so the portal and the therapist's page call
it for one client, and `manage.py check_ins_due` (run from cron) calls it for everyone and
emails links where the therapist asked for that.

- once: one check-in, open until answered or the assignment stops;
- every N weeks: the latest occasion on or before today, open until the next one;
- before each session: opens up to BEFORE_DAYS before a session, closes on the day;
- after each session: opens on the day of an attended session, closes AFTER_DAYS later.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Schedule
from alongside.notes.models import Attendance, Session

BEFORE_DAYS = 3
AFTER_DAYS = 7


def occasions(assignment, today: date, sessions=()) -> list[tuple[date, date | None, object]]:
    """(due_on, closes_on, session) for each check-in that should exist by `today`."""
    start = assignment.starts_on
    if today < start and assignment.schedule != Schedule.BEFORE_SESSION:
        return []
    if assignment.schedule == Schedule.ONCE:
        return [(start, None, None)]
    if assignment.schedule == Schedule.EVERY_N_WEEKS:
        step = timedelta(weeks=assignment.every_weeks or 1)
        latest = start + step * ((today - start) // step)
        return [(latest, latest + step - timedelta(days=1), None)]
    found = []
    for session in sessions:
        if session.date < start:
            continue
        opens, closes = session.date - timedelta(days=BEFORE_DAYS), session.date
        if assignment.schedule == Schedule.AFTER_SESSION:
            if session.attendance != Attendance.ATTENDED:
                continue
            opens, closes = session.date, session.date + timedelta(days=AFTER_DAYS)
        if opens <= today <= closes:
            found.append((opens, closes, session))
    return found


def make_due(assignments, today: date | None = None) -> list[CheckIn]:
    """Create the check-ins now due and lapse the ones whose time has passed."""
    today = today or timezone.localdate()
    created = []
    assignments = [a for a in assignments if a.stopped_at is None]
    client_ids = {a.client_id for a in assignments}
    sessions_by_client = {}
    if any(a.schedule in (Schedule.BEFORE_SESSION, Schedule.AFTER_SESSION) for a in assignments):
        window = Session.objects.filter(
            client_id__in=client_ids,
            date__gte=today - timedelta(days=AFTER_DAYS),
            date__lte=today + timedelta(days=BEFORE_DAYS),
        )
        for session in window:
            sessions_by_client.setdefault(session.client_id, []).append(session)
    for assignment in assignments:
        for due_on, closes_on, session in occasions(
            assignment, today, sessions_by_client.get(assignment.client_id, [])
        ):
            if session is None:
                existing = assignment.check_ins.filter(session__isnull=True, due_on=due_on)
            else:
                existing = assignment.check_ins.filter(session=session)
            if existing.exists():
                continue
            try:
                with transaction.atomic():
                    created.append(
                        CheckIn.objects.create(
                            assignment=assignment,
                            client_id=assignment.client_id,
                            instrument=assignment.instrument,
                            session=session,
                            due_on=due_on,
                            closes_on=closes_on,
                        )
                    )
            except IntegrityError:  # another request made it first
                continue
    CheckIn.objects.filter(
        client_id__in=client_ids, status=CheckInStatus.OPEN, closes_on__lt=today
    ).update(status=CheckInStatus.LAPSED)
    return created


def make_due_for_client(client, today: date | None = None) -> list[CheckIn]:
    return make_due(list(Assignment.objects.filter(client=client, stopped_at__isnull=True)), today)
