"""Demo check-ins: several months of answers for a few demo clients, one with an open rupture
prompt. Called once from alongside.demo.seed.seed(), after the sessions exist."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from alongside.clients.models import Client
from alongside.measures import checkins
from alongside.measures.models import Assignment, CheckIn, Schedule, Via
from alongside.measures.scoring import FEEDBACK_ITEMS
from alongside.notes.models import Attendance, Modality, Session

WEEKS = 18
FREQ = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]  # PHQ/GAD answers 0 to 3
EDS_CODES = ["never", "less-than-yearly", "yearly", "monthly", "weekly", "almost-every-day"]


def seed(practice) -> None:
    clients = {c.chosen_name.split()[0]: c for c in Client.objects.filter(practice=practice)}
    ash, chidi, bea, noor = (clients.get(n) for n in ("Ash", "Chidi", "Bea", "Noor"))
    if ash:
        _ash(ash)
    if chidi:
        _chidi(chidi)
    if bea:
        _bea(bea)
    if noor:
        _noor(noor)


def _weekly_sessions(client, weeks=WEEKS) -> list[Session]:
    """Weekly sessions going back `weeks` weeks from the client's earliest session."""
    existing = list(Session.objects.filter(client=client).order_by("date"))
    earliest = existing[0].date if existing else timezone.localdate() - timedelta(days=2)
    for n in range(1, weeks):
        Session.objects.create(
            client=client,
            date=earliest - timedelta(weeks=n),
            modality=Modality.IN_PERSON if n % 3 else Modality.VIDEO,
            attendance=Attendance.ATTENDED,
        )
    return list(
        Session.objects.filter(client=client, attendance=Attendance.ATTENDED).order_by("date")
    )


def _when(day, hour=19):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _assignment(client, instrument, schedule, starts_on, every_weeks=None):
    return Assignment.objects.create(
        client=client,
        instrument=instrument,
        schedule=schedule,
        every_weeks=every_weeks,
        starts_on=starts_on,
        assigned_by=client.therapist,
    )


def _answer(assignment, due_on, answers, *, session=None, at=None):
    check_in = CheckIn.objects.create(
        assignment=assignment,
        client=assignment.client,
        instrument=assignment.instrument,
        session=session,
        due_on=due_on,
        closes_on=due_on + timedelta(days=7),
    )
    if answers is None:
        return check_in
    return checkins.submit(None, check_in, answers, via=Via.DEMO, at=at or _when(due_on))


def _feedback(client, series, comments=None, *, leave_last_open=True):
    """series: one (safe, heard, respected, power, mattered, overall) per attended session,
    oldest first; the newest session is left open for the client to answer."""
    sessions = _weekly_sessions(client)
    assignment = _assignment(client, "session-feedback", Schedule.AFTER_SESSION, sessions[0].date)
    answered = sessions[:-1] if leave_last_open else sessions
    answered = answered[-len(series) :]
    responses = []
    for n, (session, ratings) in enumerate(zip(answered, series, strict=False)):
        answers = dict(zip(FEEDBACK_ITEMS, ratings, strict=True))
        if comments and n in comments:
            answers["comment"] = comments[n]
        responses.append(_answer(assignment, session.date, answers, session=session))
    if leave_last_open and sessions[-1].date >= timezone.localdate() - timedelta(days=7):
        _answer(assignment, sessions[-1].date, None, session=sessions[-1])
    return responses


def _items(prefix, counts, codes=FREQ, n_items=9):
    """Answers for a scale from a list of item scores."""
    return {f"{prefix}-{i + 1}": codes[score] for i, score in enumerate(counts[:n_items])}


def _every(client, instrument, weeks, item_scores, prefix, codes=FREQ, extra=None):
    start = timezone.localdate() - timedelta(weeks=WEEKS)
    assignment = _assignment(client, instrument, Schedule.EVERY_N_WEEKS, start, weeks)
    responses = []
    for n, scores in enumerate(item_scores):
        due = start + timedelta(weeks=weeks * n)
        if due > timezone.localdate():
            break
        answers = _items(prefix, scores, codes, len(scores))
        answers.update((extra or {}).get(n, {}))
        responses.append(_answer(assignment, due, answers))
    return responses


def _ash(client):
    base = (9, 9, 9, 8, 8, 9)
    series = [base] * 8 + [(8, 6, 8, 6, 7, 7)] + [(9, 9, 9, 8, 9, 9)] * 7
    responses = _feedback(client, series, {8: "I felt talked over today."})
    for flag in (f for r in responses for f in r.raised):
        checkins.resolve_flag(
            client.therapist,
            flag,
            "Named it at the start of the next session and said sorry for speaking over him. "
            "We agreed he will raise a hand if it happens again.",
            at=flag.created_at + timedelta(days=6),
        )
    _every(
        client,
        "phq-9",
        4,
        [
            (2, 2, 3, 2, 2, 2, 2, 1, 0),
            (2, 2, 2, 2, 2, 2, 1, 1, 0),
            (1, 2, 2, 2, 1, 2, 1, 1, 0),
            (1, 1, 2, 1, 1, 1, 1, 1, 0),
            (1, 1, 1, 1, 1, 1, 1, 1, 0),
        ],
        "phq9",
    )
    reasons = {n: {"eds-reason": ["gender-identity", "education-income"]} for n in range(3)}
    _every(
        client,
        "eds",
        8,
        [(3, 3, 2, 2, 1, 2, 3, 3, 2), (4, 3, 3, 2, 1, 2, 3, 4, 2), (3, 3, 2, 2, 1, 2, 3, 3, 1)],
        "eds",
        EDS_CODES,
        reasons,
    )


def _chidi(client):
    series = [(8, 8, 9, 8, 8, 8), (9, 8, 9, 8, 9, 9), (9, 9, 9, 8, 9, 9), (9, 9, 8, 8, 9, 9)]
    series += [(9, 9, 9, 9, 9, 9)] * 6 + [(8, 7, 4, 5, 6, 6)]
    comment = {
        len(series) - 1: "When I talked about the visa letter it felt like we moved on too "
        "fast, like it was just paperwork."
    }
    _feedback(client, series, comment)
    _every(
        client,
        "gad-7",
        2,
        [
            (2, 2, 2, 2, 1, 2, 2),
            (2, 3, 2, 2, 1, 2, 2),
            (2, 2, 2, 2, 1, 1, 2),
            (2, 2, 2, 1, 1, 1, 2),
            (2, 2, 1, 1, 1, 1, 1),
            (2, 1, 1, 1, 1, 1, 1),
            (1, 1, 1, 1, 1, 1, 1),
            (2, 2, 2, 1, 1, 2, 2),
            (2, 2, 2, 2, 1, 2, 2),
        ],
        "gad7",
    )


def _bea(client):
    responses = _every(
        client,
        "phq-9",
        4,
        [
            (2, 2, 2, 3, 1, 2, 2, 1, 1),
            (2, 2, 2, 2, 1, 2, 2, 1, 0),
            (1, 2, 2, 2, 1, 1, 1, 0, 0),
            (1, 1, 2, 2, 1, 1, 1, 0, 0),
            (1, 1, 1, 2, 1, 1, 1, 0, 0),
        ],
        "phq9",
    )
    for flag in (f for r in responses for f in r.raised):
        checkins.resolve_flag(
            client.therapist,
            flag,
            "Phoned Bea the same afternoon. She said the thoughts come when caring for her mother "
            "feels endless; no plan or intent. We made a safety plan together and booked a "
            "carers' assessment.",
            at=flag.created_at + timedelta(hours=3),
        )
    _every(
        client,
        "gad-7",
        4,
        [
            (2, 2, 2, 2, 1, 2, 1),
            (2, 2, 2, 1, 1, 2, 1),
            (1, 2, 1, 1, 1, 1, 1),
            (1, 1, 1, 1, 1, 1, 1),
        ],
        "gad7",
    )


def _noor(client):
    series = [(8, 9, 7, 8, 8, 8), (8, 9, 8, 8, 9, 8), (9, 9, 8, 9, 9, 9), (9, 9, 9, 9, 9, 9)]
    _feedback(client, series)
    _every(
        client,
        "eds",
        6,
        [(2, 2, 1, 2, 0, 1, 2, 2, 1), (3, 3, 2, 2, 0, 1, 3, 2, 1), (2, 2, 1, 2, 0, 1, 2, 2, 1)],
        "eds",
        EDS_CODES,
        {n: {"eds-reason": ["race", "religion", "sexual-orientation"]} for n in range(3)},
    )
