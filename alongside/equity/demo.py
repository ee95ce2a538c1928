"""Demo data for the equity report: invented people only.

`seed(practice)` (from `make demo`) sets the practice up: reporting groups, clients counted
unless they say no, and referral dates. With 14 clients nearly every cell is hidden, which
is what a small practice really sees. `seed_large(practice, n)` (`seed_demo --clients 400`)
adds n invented clients with a year of sessions, feedback, measures and experiences, built
with some honest gaps for the report to find (longer waits and more transport barriers for
disabled clients, lower "identity respected" ratings from Black and trans clients, more
practice cancellations for clients who need an interpreter).
"""

import json
import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.clients.models import Client, EmergencyAccess
from alongside.clients.name_tokens import index_names
from alongside.context.models import Dimension, Experience, LifeDomain, MapEntry, OppressionSystem
from alongside.equity.models import EquitySettings, GroupRule, Intake, Match, ReportingGroup
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
from alongside.notes import last_session
from alongside.notes.models import Attendance, Barrier, Modality, Session

GROUPS = {
    "ethnicity": [
        (
            "Black",
            [(Match.CONTAINS, "black"), (Match.CONTAINS, "african"), (Match.CONTAINS, "caribbean")],
        ),
        (
            "Asian",
            [
                (Match.CONTAINS, "asian"),
                (Match.CONTAINS, "pakistani"),
                (Match.CONTAINS, "tamil"),
                (Match.CONTAINS, "korean"),
                (Match.CONTAINS, "chinese"),
            ],
        ),
        (
            "White",
            [(Match.CONTAINS, "white"), (Match.CONTAINS, "polish"), (Match.CONTAINS, "irish")],
        ),
        ("Mixed or multiple", [(Match.CONTAINS, "mixed"), (Match.CONTAINS, "dual heritage")]),
    ],
    "gender": [
        (
            "Trans or non-binary",
            [
                (Match.CONTAINS, "trans"),
                (Match.CONTAINS, "non-binary"),
                (Match.CONTAINS, "nonbinary"),
                (Match.CONTAINS, "genderqueer"),
            ],
        ),
        ("Woman", [(Match.CONTAINS, "woman")]),
        ("Man", [(Match.IS, "man"), (Match.CONTAINS, "cis man")]),
    ],
    "acquired_disability": [
        (
            "Disabled or long-term ill",
            [
                (Match.CONTAINS, "disabled"),
                (Match.CONTAINS, "wheelchair"),
                (Match.CONTAINS, "chronic"),
                (Match.CONTAINS, "me/cfs"),
            ],
        ),
    ],
}

# Invented self-descriptions and how often they occur.
ETHNICITY = [
    ("Black British", 14),
    ("Black African", 8),
    ("Black Caribbean", 6),
    ("White British", 30),
    ("White Irish", 5),
    ("Polish", 5),
    ("British Pakistani", 8),
    ("Tamil", 4),
    ("British Chinese", 4),
    ("Mixed, White and Black Caribbean", 6),
    ("Arab", 3),
]
GENDER = [("woman", 45), ("man", 30), ("trans woman", 5), ("trans man", 5), ("non-binary", 8)]
DISABILITY = [
    ("no disability", 60),
    ("disabled, use a wheelchair", 8),
    ("chronic pain", 10),
    ("long covid", 4),
]
FREQ = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def seed(practice) -> None:
    EquitySettings.objects.update_or_create(
        practice=practice, defaults={"count_by_default": True, "k": 10}
    )
    _groups(practice)
    for client in Client.objects.filter(practice=practice):
        first = client.sessions.order_by("date").values_list("date", flat=True).first()
        if first:
            Intake.objects.get_or_create(
                client=client, defaults={"referred_on": first - timedelta(days=12 + client.pk % 30)}
            )


def _groups(practice):
    for code, groups in GROUPS.items():
        dimension = Dimension.objects.get(code=code)
        for label, rules in groups:
            group, created = ReportingGroup.objects.get_or_create(
                practice=practice, dimension=dimension, label=label
            )
            if created:
                GroupRule.objects.bulk_create(
                    GroupRule(group=group, match=m, phrase=p) for m, p in rules
                )


def _pick(rng, weighted):
    return rng.choices([w for w, _n in weighted], weights=[n for _w, n in weighted])[0]


def seed_large(practice, n: int, *, seed_value: int = 14) -> int:
    """Add `n` invented clients with a year of records. Returns how many were added."""
    rng = random.Random(seed_value)
    _groups(practice)
    EquitySettings.objects.get_or_create(practice=practice, defaults={"count_by_default": True})
    therapists = list(User.objects.filter(practice=practice, role=Role.THERAPIST))
    today = timezone.localdate()
    dims = {
        d.code: d
        for d in Dimension.objects.filter(code__in=["ethnicity", "gender", "acquired_disability"])
    }
    domains = list(LifeDomain.objects.filter(practice__isnull=True))
    systems = {s.code: s for s in OppressionSystem.objects.filter(practice__isnull=True)}
    with transaction.atomic():
        start = Client.objects.count()
        clients = Client.objects.bulk_create(
            Client(
                practice=practice,
                therapist=therapists[i % len(therapists)],
                chosen_name=f"Invented Person {start + i}",
                pronouns="",
            )
            for i in range(n)
        )
        index_names(clients)  # bulk_create skips the signal that indexes a name for search
        entries, intakes, sessions, people = [], [], [], []
        for client in clients:
            eth, gen, dis = _pick(rng, ETHNICITY), _pick(rng, GENDER), _pick(rng, DISABILITY)
            prefer_not = rng.random() < 0.08
            for code, words in (("ethnicity", eth), ("gender", gen), ("acquired_disability", dis)):
                entries.append(
                    MapEntry(
                        client=client,
                        dimension=dims[code],
                        words="" if prefer_not and code == "ethnicity" else words,
                        prefer_not_to_say=prefer_not and code == "ethnicity",
                    )
                )
            black = "black" in eth.lower() or "caribbean" in eth.lower() or "african" in eth.lower()
            trans = "trans" in gen or "non-binary" in gen
            disabled = dis != "no disability"
            interpreter = eth in ("Polish", "Arab", "Tamil")
            first = today - timedelta(days=rng.randint(20, 330))
            wait = rng.randint(5, 30) + (rng.randint(10, 40) if disabled else 0)
            ended = rng.random() < 0.3
            end_day = min(today, first + timedelta(weeks=rng.randint(6, 30)))
            intakes.append(
                Intake(
                    client=client,
                    referred_on=first - timedelta(days=wait),
                    ended_on=end_day if ended else None,
                    ending=("unagreed" if rng.random() < (0.45 if trans else 0.2) else "agreed")
                    if ended
                    else "",
                )
            )
            day, count = first, 0
            while day <= (end_day if ended else today):
                roll = rng.random()
                if roll < (0.08 if interpreter else 0.03):
                    kind, barrier = Attendance.CANCELLED_BY_THERAPIST, ""
                elif roll < 0.12 + (0.06 if disabled else 0):
                    kind = rng.choice([Attendance.DID_NOT_ATTEND, Attendance.CANCELLED_BY_CLIENT])
                    barrier = (
                        Barrier.TRANSPORT
                        if disabled and rng.random() < 0.6
                        else rng.choice(
                            [
                                Barrier.WORK_SHIFT,
                                Barrier.CHILDCARE,
                                Barrier.HEALTH,
                                Barrier.COST,
                                "",
                            ]
                        )
                    )
                else:
                    kind, barrier = Attendance.ATTENDED, ""
                sessions.append(
                    Session(
                        client=client,
                        date=day,
                        modality=Modality.IN_PERSON,
                        attendance=kind,
                        barrier=barrier,
                    )
                )
                day += timedelta(days=rng.choice([7, 7, 7, 14]))
                count += 1
            people.append((client, black, trans, disabled, first))
        MapEntry.objects.bulk_create(entries)
        Intake.objects.bulk_create(intakes)
        made = Session.objects.bulk_create(sessions)
        by_client = {}
        for session in made:
            by_client.setdefault(session.client_id, []).append(session)
        # bulk_create sends no signals: their last session dates are set here.
        last_session.refresh(Client.objects.filter(pk__in=by_client))
        _measures(rng, people, by_client, today)
        _experiences(rng, people, domains, systems, today)
        _emergencies(rng, people, therapists)
    return n


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(18, 0)))


def _measures(rng, people, by_client, today):
    feedback, phq = [], []
    for client, black, trans, _disabled, first in people:
        attended = [s for s in by_client.get(client.pk, []) if s.attendance == Attendance.ATTENDED]
        feedback.append((client, [s for s in attended if rng.random() < 0.4], black, trans))
        phq.append((client, first, black, trans))
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                client=c,
                instrument="session-feedback",
                schedule=Schedule.AFTER_SESSION,
                starts_on=f,
            )
            for c, f, _b, _t in phq
        ]
        + [
            Assignment(
                client=c,
                instrument="phq-9",
                schedule=Schedule.EVERY_N_WEEKS,
                every_weeks=6,
                starts_on=f,
            )
            for c, f, _b, _t in phq
        ]
    )
    fb_of = {a.client_id: a for a in assignments if a.instrument == "session-feedback"}
    phq_of = {a.client_id: a for a in assignments if a.instrument == "phq-9"}
    check_ins, answers = [], []
    for client, chosen, black, trans in feedback:
        for session in chosen:
            dip = (1.5 if black else 0) + (1.5 if trans else 0)
            rating = {
                item: max(
                    0,
                    min(
                        10,
                        round(
                            rng.gauss(8.6, 1.0)
                            - (dip if item in ("respected", "safe") else dip / 3)
                        ),
                    ),
                )
                for item in ("safe", "heard", "respected", "power", "mattered", "overall")
            }
            check_ins.append(
                CheckIn(
                    assignment=fb_of[client.pk],
                    client=client,
                    instrument="session-feedback",
                    session=session,
                    due_on=session.date,
                    status=CheckInStatus.DONE,
                    completed_at=_at(session.date),
                )
            )
            answers.append(rating)
    for client, first, black, trans in phq:
        start = rng.randint(10, 22)
        drop = rng.randint(-3, 12) - (3 if black or trans else 0)
        days = [
            first + timedelta(weeks=6 * k)
            for k in range(5)
            if first + timedelta(weeks=6 * k) <= today
        ]
        for k, day in enumerate(days):
            total = max(0, min(27, round(start - drop * k / max(1, len(days) - 1))))
            items = [min(3, total // 9 + (1 if i < total % 9 else 0)) for i in range(9)]
            check_ins.append(
                CheckIn(
                    assignment=phq_of[client.pk],
                    client=client,
                    instrument="phq-9",
                    due_on=day,
                    status=CheckInStatus.DONE,
                    completed_at=_at(day),
                )
            )
            answers.append({f"phq9-{i + 1}": FREQ[v] for i, v in enumerate(items)})
    made = CheckIn.objects.bulk_create(check_ins)
    responses = Response.objects.bulk_create(
        Response(
            check_in=c,
            client_id=c.client_id,
            instrument=c.instrument,
            questionnaire_version="1",
            answers_json=json.dumps(a, sort_keys=True),
            via=Via.DEMO,
            started_at=c.completed_at,
            submitted_at=c.completed_at,
        )
        for c, a in zip(made, answers, strict=True)
    )
    flags = []
    for response, a in zip(responses, answers, strict=True):
        if response.instrument == "session-feedback" and min(a.values()) <= 5:
            resolved = (
                response.submitted_at + timedelta(days=rng.randint(1, 14))
                if rng.random() < 0.8
                else None
            )
            flags.append(
                Flag(
                    client_id=response.client_id,
                    response=response,
                    kind=FlagKind.RUPTURE,
                    item=min(a, key=a.get),
                    created_at=response.submitted_at,
                    resolved_at=resolved,
                    repair_note="Invented repair." if resolved else "",
                )
            )
    Flag.objects.bulk_create(flags)


def _experiences(rng, people, domains, systems, today):
    rows, links = [], []
    for client, black, trans, disabled, _first in people:
        names = []
        if black:
            names += ["racism"] * 2
        if trans:
            names += ["cissexism"] * 2
        if disabled:
            names += ["ableism"]
        names += ["classism", "sexism", "xenophobia"]
        for _k in range(rng.randint(0, 3)):
            code = rng.choice(names)
            rows.append(
                Experience(
                    client=client,
                    title="Invented",
                    domain=rng.choice(domains),
                    start_year=today.year - rng.randint(0, 6),
                    what_happened="Invented for the demo.",
                )
            )
            links.append(code)
    made = Experience.objects.bulk_create(rows)
    through = Experience.systems.through
    through.objects.bulk_create(
        through(experience_id=e.pk, oppressionsystem_id=systems[code].pk)
        for e, code in zip(made, links, strict=True)
    )


def _emergencies(rng, people, therapists):
    grants = []
    for client, black, _trans, _disabled, first in people:
        if rng.random() < (0.05 if black else 0.02):
            other = next(t for t in therapists if t.pk != client.therapist_id)
            grants.append(
                EmergencyAccess(
                    user=other,
                    client=client,
                    reason="Invented for the demo.",
                    expires_at=_at(first) + timedelta(hours=1),
                )
            )
    made = EmergencyAccess.objects.bulk_create(grants)
    for grant in made:
        EmergencyAccess.objects.filter(pk=grant.pk).update(
            granted_at=grant.expires_at - timedelta(hours=1)
        )
