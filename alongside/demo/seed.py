"""The demo practice: invented people only, with obviously made-up surnames."""

from datetime import date, timedelta

import pyotp
from django.db import transaction
from django.utils.timezone import now

from alongside.accounts import addresses
from alongside.accounts.models import Practice, Role, SecondFactor, User
from alongside.appointments import demo as appointments_demo
from alongside.clients.models import Client, EmergencyAccess
from alongside.context import demo as context_demo
from alongside.equity import demo as equity_demo
from alongside.letters import demo as letters_demo
from alongside.measures import demo as measures_demo
from alongside.notes import demo as notes_demo
from alongside.notes.models import Attendance, Barrier, Modality, Session
from alongside.plans import demo as plans_demo
from alongside.resources import demo as resources_demo
from alongside.writing import demo as writing_demo

PRACTICE_NAME = "Riverside Community Counselling (demo)"
DEMO_PASSWORD = "alongside-demo"  # noqa: S105 (published demo password)

LOGINS = [
    ("river", "therapist (River Example, she/her)"),
    ("jo", "therapist (Jo Sample, they/them)"),
    ("sam", "supervisor of both therapists (Sam Specimen)"),
    ("admin", "practice admin (Pat Placeholder): accounts only; privacy officer"),
    ("ash", "client of River (Ash Fictional)"),
    ("noor", "client of Jo (Noor Madeup)"),
]

# (portal username or "", therapist, name, pronouns, language, self-description)
CLIENTS = [
    (
        "ash",
        "river",
        "Ash Fictional",
        "he/him",
        "English",
        "Trans man in his 30s. Working class, grew up in council housing. Atheist.",
    ),
    (
        "",
        "river",
        "Bea Sample",
        "she/her",
        "English and Jamaican Patois",
        "Black British woman, 52, Christian. Carer for her mother.",
    ),
    (
        "",
        "river",
        "Chidi Invented",
        "he/him",
        "Igbo and English",
        "Nigerian, came here to study, now on a work visa. Gay; not out at work.",
    ),
    (
        "",
        "river",
        "Dana Notreal",
        "they/them",
        "English",
        "Autistic, nonbinary, 19, first-year student. Prefers identity-first language.",
    ),
    (
        "",
        "river",
        "Eun-ji Madeup",
        "she/her",
        "Korean",
        "Korean, 67, widow. Buddhist. Hard of hearing; uses captions.",
    ),
    (
        "",
        "river",
        "Farah Example",
        "she/her",
        "Arabic and English",
        "Syrian, arrived as a refugee in 2019. Muslim, wears hijab. Mother of three.",
    ),
    (
        "",
        "river",
        "Gus Specimen",
        "he/him",
        "English",
        "White, 44, lost his job in the warehouse after a back injury. Uses a stick.",
    ),
    (
        "noor",
        "jo",
        "Noor Madeup",
        "she/they",
        "Urdu and English",
        "Pakistani heritage, bisexual, 28, nurse on night shifts.",
    ),
    (
        "",
        "jo",
        "Oisín Fictional",
        "he/him",
        "Irish and English",
        "Irish Traveller heritage, 35, lives with ME/CFS. Uses a wheelchair outside the home.",
    ),
    (
        "",
        "jo",
        "Priya Placeholder",
        "she/her",
        "Tamil and English",
        "Tamil, 41, fat and says so proudly. Runs a community kitchen.",
    ),
    (
        "",
        "jo",
        "Quinn Sample",
        "ze/zir",
        "English and British Sign Language",
        "Deaf, BSL user, genderqueer, 23. Works in a bakery.",
    ),
    (
        "",
        "jo",
        "Rosa Notreal",
        "she/her",
        "Spanish",
        "Afro-Colombian, 58, undocumented; prefers not to say more about status.",
    ),
    (
        "",
        "jo",
        "Sol Invented",
        "he/they",
        "English",
        "Indigenous (fictional Waterline Nation), two-spirit, 30. In recovery; "
        "calls himself an addict in the 12-step sense.",
    ),
    (
        "",
        "jo",
        "Tomasz Example",
        "he/him",
        "Polish",
        "Polish, 49, bus driver, Catholic. Lives with type 1 diabetes.",
    ),
]


def seed() -> bool:
    if Practice.objects.filter(name=PRACTICE_NAME).exists():
        return False
    with transaction.atomic():
        practice = Practice.objects.create(name=PRACTICE_NAME)
        staff = _staff(practice)
        for number, row in enumerate(CLIENTS):
            _client(practice, staff, number, *row)
        _past_emergency_access(practice, staff)
        notes_demo.seed(practice)
        context_demo.seed(practice)
        measures_demo.seed(practice)
        writing_demo.seed(practice)
        equity_demo.seed(practice)
        resources_demo.seed(practice)
        letters_demo.seed(practice)
        plans_demo.seed(practice)
        appointments_demo.seed(practice)
    return True


def _user(practice, username, role, first, last, pronouns="", supervisor=None):
    user = User(
        username=username,
        role=role,
        practice=practice,
        first_name=first,
        last_name=last,
        pronouns=pronouns,
        supervisor=supervisor,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _second_factor(user):
    # Staff must use a second step; the demo shows the current code on the sign-in page.
    SecondFactor.objects.create(user=user, secret=pyotp.random_base32(), confirmed_at=now())


def _staff(practice):
    sam = _user(practice, "sam", Role.SUPERVISOR, "Sam", "Specimen", "he/him")
    staff = {
        "sam": sam,
        "admin": _user(practice, "admin", Role.ADMIN, "Pat", "Placeholder", "she/her"),
        "river": _user(practice, "river", Role.THERAPIST, "River", "Example", "she/her", sam),
        "jo": _user(practice, "jo", Role.THERAPIST, "Jo", "Sample", "they/them", sam),
    }
    for user in staff.values():
        _second_factor(user)
    # Pat is also the privacy officer: told by email (var/outbox in the demo) whenever a
    # record is opened in an emergency, and can review those openings, and nothing more.
    staff["admin"].is_privacy_officer = True
    staff["admin"].email = "pat@example.invalid"
    staff["admin"].save(update_fields=["is_privacy_officer", "email"])
    return staff


def _past_emergency_access(practice, staff):
    """One emergency opening, long over, so the privacy officer's review page has a row."""
    ash = next(
        c for c in Client.objects.filter(practice=practice) if c.chosen_name == CLIENTS[0][2]
    )
    access = EmergencyAccess.objects.create(
        user=staff["jo"],
        client=ash,
        reason="Duty shift: Ash phoned while River was on leave and asked for the plan they "
        "had made together. I opened the record to read it back to him.",
        expires_at=now(),
    )
    EmergencyAccess.objects.filter(pk=access.pk).update(
        granted_at=now() - timedelta(days=3, hours=1), expires_at=now() - timedelta(days=3)
    )


def _client(practice, staff, number, username, therapist, name, pronouns, language, about):
    first = name.split()[0].lower()
    client = Client.objects.create(
        practice=practice,
        therapist=staff[therapist],
        chosen_name=name,
        pronouns=pronouns,
        language=language,
        self_description=about,
        email=f"{first}@example.invalid",
    )
    if username:
        client.user = _user(practice, username, Role.CLIENT, name.split()[0], "")
        client.save(update_fields=["user"])
        # As if they had set up their account from an invitation sent there.
        addresses.prove(client.user, client.email)
    _sessions(client, number)


def _sessions(client, number):
    today = date.today()
    for week in range(1 + number % 4):
        missed = week == 1 and number % 3 == 0
        Session.objects.create(
            client=client,
            date=today - timedelta(days=7 * week + number % 5 + 1),
            modality=[Modality.IN_PERSON, Modality.VIDEO, Modality.PHONE][(number + week) % 3],
            attendance=Attendance.DID_NOT_ATTEND if missed else Attendance.ATTENDED,
            barrier=Barrier.WORK_SHIFT if missed else "",
        )


def seed_large_once(n: int) -> int:
    """For `seed_demo --clients N`: top the demo practice up to N invented clients."""
    have = Client.objects.filter(practice__name=PRACTICE_NAME, chosen_name__isnull=False).count()
    wanted = max(0, n - have)
    return equity_demo.seed_large(Practice.objects.get(name=PRACTICE_NAME), wanted) if wanted else 0
