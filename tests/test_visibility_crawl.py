"""Every restricted thing shows up only where it may: a distinct canary in each field of
each object with restricted visibility, then every page crawled as every role.

Relations are where scopes get bypassed: a page that is itself in scope shows related
objects (a formulation's "Draws on" experiences, a note's linked experiences, feedback,
actions, flags, perspectives, reflections, comments), and each of those must come through
its own door. So each role crawls from its home page, following links, and also opens every
known object URL directly; every HTML (and text export) answer is searched for every
canary, and each canary must appear only for the people listed with it. A guard checks the
crawl reached the pages: each listed person does find the canaries marked as shown.
"""

from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.clients.models import Client, EmergencyAccess
from alongside.context.models import (
    Experience,
    Feedback,
    LifeDomain,
    MapEntry,
    Position,
    PowerReflection,
    Visibility,
)
from alongside.context.records import formulation_for, sections_of
from alongside.notes import records as notes_records
from alongside.notes.tests.helpers import draft_note, sign
from alongside.writing.models import Dismissal
from conftest import make_user
from tests.test_crawl import HREF, SKIP
from tests.test_object_access import _walk

CRAWLERS = {
    "river": "Ash's therapist",
    "sam": "River's supervisor",
    "colleague": "Noor's therapist, with emergency access to Ash's record",
    "other_supervisor": "a supervisor with emergency access to Ash's record",
    "admin": "the practice admin",
    "superuser": "a superuser admin",
    "client_user": "Ash",
    "other_client_user": "Noor",
    "outsider_therapist": "a therapist at another practice",
    "bystander": "a therapist at Ash's practice with no tie to Ash or Noor",
}
MAX_PAGES = 900  # the known object URLs alone are several hundred
STAFF_ON_ASH = {"river", "sam", "colleague", "other_supervisor"}
PAIRED = {"client_id", "experience_id", "entry_id", "feedback_id", "section"}
PAIRED |= {"goal_id", "step_id", "supporter_id", "solidarity_id", "plan_feedback_id"}
PAIRED |= {"referral_id", "letter_id", "correction_id"}


@dataclass(frozen=True)
class Canary:
    text: str
    who: frozenset  # may see it
    shown: bool = True  # each of `who` must find it somewhere (the crawl's guard)
    finders: frozenset | None = None  # if only some of `who` have a page that shows it


CANARIES: list[Canary] = []


def canary(name, who, shown=True, finders=None) -> str:
    text = f"CANARY-{name}-{len(CANARIES):03d}"
    CANARIES.append(Canary(text, frozenset(who), shown, finders and frozenset(finders)))
    return text


def _plan(cast, shared):
    """Ash's plan: the client's and their therapist's, read by whoever reads the record."""
    from alongside.plans.models import PlanFeedback
    from alongside.plans.records import sections_of as plan_sections
    from alongside.plans.tests import objects as plans_objects

    plan = plans_objects.plan(cast)
    hard = plan_sections(plan)["signs"]  # a "when things get hard" section
    hard.text = canary("PLAN-WHEN-HARD", shared)
    hard.save()
    goal = plans_objects.goal(
        cast, title=canary("PLAN-GOAL", shared), different=canary("PLAN-GOAL-DIFFERENT", shared)
    )
    plans_objects.step(
        cast,
        goal=goal,
        what=canary("PLAN-STEP", shared),
        in_the_way=canary("PLAN-STEP-IN-THE-WAY", shared),
    )
    plans_objects.supporter(
        cast,
        name=canary("PLAN-SUPPORTER", shared),
        helps_with=canary("PLAN-SUPPORTER-HELPS", shared),
        reach=canary("PLAN-SUPPORTER-REACH", shared),
    )
    plans_objects.solidarity(
        cast,
        what=canary("PLAN-SOLIDARITY", shared),
        outcome=canary("PLAN-SOLIDARITY-OUTCOME", shared),
    )
    PlanFeedback.objects.create(
        plan=plan,
        section="values",
        text=canary("PLAN-FEEDBACK", shared),
        proposed_text=canary("PLAN-FEEDBACK-PROPOSED", shared),
        author=cast.client_user,
    )


def _referral_letters_corrections(cast, shared):
    from alongside.letters import records as letters_records
    from alongside.letters.tests import objects as letters_objects
    from alongside.resources.tests import objects as resources_objects
    from alongside.rights.models import Correction, Part

    resources_objects.referral(
        cast,
        message=canary("REFERRAL-MESSAGE", shared),
        barrier_words=canary("REFERRAL-CLIENT-WORDS", shared),
        consented_at=timezone.now(),
    )
    # A draft the therapist hasn't sent: not the client's to read yet.
    letters_objects.draft(
        cast,
        body=canary("LETTER-DRAFT", shared - {"client_user"}),
        purpose=canary("LETTER-DRAFT-PURPOSE", shared - {"client_user"}),
    )
    sent = letters_objects.sent(cast, body=canary("LETTER-SENT", shared))
    letters_records.ask_for_changes(cast.client_user, sent, canary("LETTER-CHANGES", shared))
    Correction.objects.create(
        client=cast.client,
        part=Part.PROFILE,
        # Only the therapist's rights page and the client's show open requests.
        text=canary("CORRECTION", shared, finders={"river", "client_user"}),
    )


def _experience(client, visibility, label, who, shown=True):
    return Experience.objects.create(
        client=client,
        title=canary(f"{label}-TITLE", who, shown),
        when_words=canary(f"{label}-WHEN", who, shown),
        # Shown only on the edit form: no reader is sure to meet it, but none may.
        systems_other=canary(f"{label}-SYSTEMS", who, shown=False),
        what_happened=canary(f"{label}-HAPPENED", who, shown),
        impact=canary(f"{label}-IMPACT", who, shown),
        response=canary(f"{label}-RESPONSE", who, shown),
        domain=LifeDomain.objects.get(code="housing"),
        start_year=2020,
        visibility=visibility,
    )


def _map_entry(client, visibility, label, who):
    entry = MapEntry.objects.create(
        client=client,
        custom_label=canary(f"{label}-LABEL", who),
        words=canary(f"{label}-WORDS", who),
        visibility=visibility,
    )
    entry.versions.create(number=1, words=entry.words, visibility=visibility)
    return entry


def seed(cast):
    """Ash (River's client) with something of every visibility; Noor (the colleague's)."""
    CANARIES.clear()
    ash, noor = cast.client, cast.other_client
    ash_team = {"river", "client_user"}  # "only me and my therapist"
    shared = ash_team | STAFF_ON_ASH  # opened beyond the therapist

    # Experiences: a private one and a shared one, both linked from the formulation and
    # from a signed note, so the links themselves are tested.
    private_exp = _experience(ash, Visibility.PRIVATE, "PRIVATE-EXPERIENCE", ash_team)
    shared_exp = _experience(ash, Visibility.SUPERVISOR, "SHARED-EXPERIENCE", shared)
    _map_entry(ash, Visibility.PRIVATE, "PRIVATE-MAP", ash_team)
    _map_entry(ash, Visibility.SUPERVISOR, "SHARED-MAP", shared)

    # A formulation shared with the supervisor, drawing on both experiences.
    formulation = formulation_for(ash)
    formulation.visibility = Visibility.SUPERVISOR
    formulation.save()
    happened = sections_of(formulation)["happened"]
    happened.text = canary("SHARED-FORMULATION", shared)
    happened.save()
    happened.experiences.set([private_exp, shared_exp])
    Feedback.objects.create(
        formulation=formulation,
        section="happened",
        kind=Feedback.Kind.COMMENT,
        text=canary("SHARED-FEEDBACK", shared),
        author=cast.client_user,
    )
    PowerReflection.objects.create(
        client=ash, author=cast.river, text=canary("POWER-REFLECTION", {"river"})
    )
    Position.objects.create(
        therapist=cast.river,
        custom_label=canary("PRIVATE-POSITION", {"river"}),
        words=canary("PRIVATE-POSITION-WORDS", {"river"}),
    )

    # A signed note with everything attached; a held-back one; a draft.
    note = draft_note(
        cast,
        days_ago=20,
        agenda=canary("SIGNED-NOTE", shared),
        ruptures="",
    )
    note.actions.create(text=canary("AGREED-ACTION", shared), who="client")
    note.experiences.set([private_exp, shared_exp])
    note = sign(note)
    notes_records.add_addendum(cast.river, note, canary("ADDENDUM", shared))
    notes_records.save_reflection(
        cast.river, note, canary("PRIVATE-REFLECTION", {"river"}), share=False
    )
    notes_records.add_perspective(cast.client_user, note, canary("PERSPECTIVE", shared))
    note.flags.create(section="meanings", reason=canary("DOESNT-FIT", shared))
    # Between the therapist and their supervisor: not the client, not emergency access.
    notes_records.add_supervision_comment(cast.sam, note, canary("SUPERVISION", {"river", "sam"}))

    other = sign(draft_note(cast, days_ago=30, agenda=canary("SHARED-REFLECTION-NOTE", shared)))
    notes_records.save_reflection(
        cast.river, other, canary("SHARED-REFLECTION", {"river", "sam"}), share=True
    )

    held = sign(draft_note(cast, days_ago=10, agenda=canary("HELD-NOTE", STAFF_ON_ASH)))
    notes_records.hold_back(cast.river, held, canary("HOLD-REASON", {"river"}))

    draft_note(cast, days_ago=2, agenda=canary("DRAFT-NOTE", {"river"}))
    _plan(cast, shared)
    _referral_letters_corrections(cast, shared)
    _appointments(cast)

    # A wording finding River set aside, with her few words: counted for the admin, the
    # words shown to nobody.
    Dismissal.objects.create(
        practice=cast.practice,
        client=ash,
        author=cast.river,
        rule="wording.claims",
        phrase_digest="0" * 64,
        reason="own_word",
        comment=canary("SET-ASIDE-COMMENT", {"river"}, shown=False),
    )

    # A second client of River's, whose formulation is private to them and River.
    kit_user = cast.client_user.__class__.objects.create(
        username="kit", role="client", practice=cast.practice
    )
    kit = Client.objects.create(
        practice=cast.practice, therapist=cast.river, user=kit_user, chosen_name="Kit"
    )
    hidden = formulation_for(kit)
    section = sections_of(hidden)["story"]
    section.text = canary("PRIVATE-FORMULATION", {"river"})
    section.save()

    # Noor's record: her therapist (the colleague) and Noor only.
    noor_team = {"colleague", "other_client_user"}
    _experience(noor, Visibility.SUPERVISOR, "NOOR-EXPERIENCE", noor_team)
    noor_note = draft_note(cast, days_ago=5, client=noor, agenda=canary("NOOR-NOTE", noor_team))
    sign(noor_note)

    # A therapist at the same practice who has neither client nor emergency access.
    cast.__dict__["bystander"] = make_user(cast.practice, "bystander", Role.THERAPIST)

    # Emergency access to Ash's record for the colleague and the other supervisor.
    for who in (cast.colleague, cast.other_supervisor):
        EmergencyAccess.objects.create(
            user=who,
            client=ash,
            reason="Crisis call",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    # A reviewed emergency opening: the privacy officer's note is for privacy officers only,
    # and nobody in this cast is one.
    EmergencyAccess.objects.create(
        user=cast.bystander,
        client=ash,
        reason="Crisis call",
        expires_at=timezone.now() - timedelta(hours=1),
        reviewed_at=timezone.now(),
        review_note=canary("EMERGENCY-REVIEW-NOTE", set()),
    )


def _appointments(cast):
    """Ash's appointment: its reason for whoever reads his record; its video link for River
    (who runs the call) and Ash (who joins it), never for readers of the record."""
    from alongside.appointments.tests import objects as appointments_objects

    appointments_objects.appointment(
        cast,
        reason=canary("APPOINTMENT-REASON", STAFF_ON_ASH),
        modality="video",
        video_link="https://video.example.org/" + canary("VIDEO-LINK", {"river", "client_user"}),
    )


def known_urls():
    """Every GET page for every object in the database, as a crawler that guesses ids."""
    from alongside.context.models import Experience as E
    from alongside.notes.models import Note

    ids = {
        "client_id": list(Client.objects.values_list("pk", flat=True)),
        "note_id": list(Note.objects.values_list("pk", flat=True)),
        "experience_id": list(E.objects.values_list("pk", flat=True)),
        "entry_id": list(MapEntry.objects.values_list("pk", flat=True)),
        "feedback_id": list(Feedback.objects.values_list("pk", flat=True)),
        "position_id": list(Position.objects.values_list("pk", flat=True)),
        "section": ["happened", "story", "values", "signs"],
    }
    ids.update(_plan_and_more_ids())
    urls = []
    for name, converters in _walk(get_resolver()):
        if not converters or not set(converters) <= set(ids):
            continue
        if len(converters) == 1:
            (kind,) = converters
            urls += [reverse(name, kwargs={kind: value}) for value in ids[kind]]
        elif set(converters) <= PAIRED:
            other = next(k for k in converters if k != "client_id")
            urls += [
                reverse(name, kwargs={"client_id": c, other: v})
                for c in ids["client_id"]
                for v in ids[other]
            ]
    return urls


def _plan_and_more_ids():
    from alongside.appointments.models import Appointment
    from alongside.letters.models import Letter
    from alongside.plans.models import Goal, PlanFeedback, SolidarityAction, Step, Supporter
    from alongside.resources.models import Referral
    from alongside.rights.models import Correction

    models = {
        "goal_id": Goal,
        "step_id": Step,
        "supporter_id": Supporter,
        "solidarity_id": SolidarityAction,
        "plan_feedback_id": PlanFeedback,
        "referral_id": Referral,
        "letter_id": Letter,
        "correction_id": Correction,
        "appointment_id": Appointment,
    }
    return {
        kind: list(model.objects.values_list("pk", flat=True)) for kind, model in models.items()
    }


def _links(page_url, body):
    for href in HREF.findall(body):
        href = href.replace("&amp;", "&")
        if href.startswith(SKIP) or href.startswith("data:"):
            continue
        url = urljoin(page_url, href)
        if urlsplit(url).netloc in ("", "testserver"):
            yield urlsplit(url)._replace(scheme="", netloc="", fragment="").geturl()


def crawl(client, start):
    seen, queue, pages = set(), deque(["/", *start]), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.endswith(".pdf"):
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        kind = response.get("Content-Type", "")
        if "html" in kind or "json" in kind or "csv" in kind:
            body = response.content.decode()
            pages.append((url, response.status_code, body))
            if "html" in kind:
                queue.extend(_links(response.request["PATH_INFO"], body))
    return pages


@pytest.fixture
def seeded(cast):
    seed(cast)
    return cast


@pytest.mark.parametrize("who", sorted(CRAWLERS))
def test_each_canary_is_found_only_by_those_who_may_see_it(client, seeded, who):
    client.force_login(getattr(seeded, who))
    pages = crawl(client, known_urls())
    assert len(pages) > 3
    found = set()
    for url, status, body in pages:
        for item in CANARIES:
            if item.text in body:
                assert who in item.who, (
                    f"{who} ({CRAWLERS[who]}) saw {item.text} on {url} ({status})"
                )
                found.add(item.text)
    missing = [
        c.text for c in CANARIES if who in (c.finders or c.who) and c.shown and c.text not in found
    ]
    assert not missing, f"{who} never found {missing}: the crawl misses pages they may read"
