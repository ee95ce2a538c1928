"""A practice with enough counted clients for the equity report to show something."""

from datetime import date, timedelta

from django.utils import timezone

from alongside.clients.models import Client
from alongside.context.models import Dimension, Experience, LifeDomain, MapEntry, OppressionSystem
from alongside.equity.models import (
    CountingChoice,
    EquitySettings,
    GroupRule,
    Intake,
    ReportingGroup,
)
from alongside.measures.tests.conftest import FEEDBACK_OK, answered
from alongside.notes.models import Attendance, Barrier, Session

TODAY = date.today()


def groups(practice):
    """Ethnicity groups "Black" and "White", gender groups "woman" and "trans or non-binary"."""
    eth = Dimension.objects.get(code="ethnicity")
    gen = Dimension.objects.get(code="gender")
    made = {}
    for key, dimension, label, phrases in (
        ("black", eth, "Black", ["black"]),
        ("white", eth, "White", ["white"]),
        ("trans", gen, "Trans or non-binary", ["trans", "non-binary"]),
    ):
        group, created = ReportingGroup.objects.get_or_create(
            practice=practice, dimension=dimension, label=label
        )
        if created:
            for phrase in phrases:
                GroupRule.objects.create(group=group, match="contains", phrase=phrase)
        made[key] = group
    return made


def counted_by_default(practice, k=10):
    EquitySettings.objects.update_or_create(
        practice=practice, defaults={"count_by_default": True, "k": k}
    )


def client_with_history(practice, therapist, ethnicity, gender="woman", *, feedback=9, n=0):
    client = Client.objects.create(
        practice=practice, therapist=therapist, chosen_name=f"Invented {ethnicity} {n}"
    )
    MapEntry.objects.create(
        client=client, dimension=Dimension.objects.get(code="ethnicity"), words=ethnicity
    )
    MapEntry.objects.create(
        client=client, dimension=Dimension.objects.get(code="gender"), words=gender
    )
    first = TODAY - timedelta(days=60)
    Intake.objects.create(client=client, referred_on=first - timedelta(days=10 + n % 40))
    for week in range(4):
        missed = week == 2 and n % 3 == 0
        Session.objects.create(
            client=client,
            date=first + timedelta(weeks=week),
            modality="in_person",
            attendance=Attendance.DID_NOT_ATTEND if missed else Attendance.ATTENDED,
            barrier=Barrier.TRANSPORT if missed else "",
        )
    answers = {**FEEDBACK_OK, "safe": feedback, "respected": feedback}
    answered(client, "session-feedback", answers, at=timezone.now() - timedelta(days=5))
    experience = Experience.objects.create(
        client=client,
        title="Invented",
        start_year=TODAY.year - 1,
        domain=LifeDomain.objects.get(code="housing"),
        what_happened="Invented",
    )
    experience.systems.add(OppressionSystem.objects.get(code="racism"))
    return client


def practice_of(cast, black=12, white=12, therapist=None):
    """Counted-by-default practice: `black` and `white` clients of River (or `therapist`).
    The cast's own two clients, who said nothing on a map, have opted out."""
    counted_by_default(cast.practice)
    opt_out(cast.client)
    opt_out(cast.other_client)
    made = groups(cast.practice)
    therapist = therapist or cast.river
    clients = [
        client_with_history(cast.practice, therapist, "Black British", feedback=6, n=i)
        for i in range(black)
    ]
    clients += [
        client_with_history(cast.practice, therapist, "White Irish", "trans woman", n=i)
        for i in range(white)
    ]
    return made, clients


def opt_out(client):
    CountingChoice.objects.update_or_create(client=client, defaults={"counted": False})
