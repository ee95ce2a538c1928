"""Two saves of one record at once: one is saved, the other is told, nothing is lost
(security.md 21; issue 11 item 4). Runs on SQLite and on PostgreSQL (set DATABASE_URL).

For every editable record, two people open the same edit page (the same version), then
two threads, each with its own database connection, submit at once (a barrier). Each
submit changes one field to its own words. Exactly one may be acknowledged, and what is
stored must be the acknowledged words; the other submit is refused with a conflict.

Each audit write inside a save waits a moment, so the two saves' transactions overlap
for certain: on PostgreSQL a version check made with a plain SELECT then lets both pass
(both acknowledged, one lost), which is what the shared conditional UPDATE in
alongside.core.versioning prevents.
"""

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.apps import apps
from django.db import connection, connections
from django.urls import reverse

from alongside.audit import chain
from alongside.audit.models import Action
from alongside.clients.models import Client
from alongside.context.models import (
    Experience,
    Feedback,
    FormulationSection,
    LifeDomain,
    MapEntry,
    Position,
    PowerReflection,
    Visibility,
)
from alongside.context.records import formulation_for, sections_of
from alongside.equity.models import Intake
from alongside.letters.models import Letter, LetterTemplate
from alongside.letters.tests import objects as letters
from alongside.notes.models import Note, Session
from alongside.notes.tests.helpers import draft_note, make_session
from alongside.ops.tests.conftest import _audit_triggers_back, committed_db  # noqa: F401
from alongside.plans.models import (
    Goal,
    Plan,
    PlanFeedback,
    PlanSection,
    SolidarityAction,
    Step,
    Supporter,
)
from alongside.plans.tests import objects as plans
from alongside.writing.models import PracticeLanguage
from conftest import SignedInClient
from tests.html_forms import versioned_form

pytestmark = pytest.mark.usefixtures("committed_db")

OVERLAP = 0.3  # seconds each audited write waits inside its transaction


@dataclass
class Case:
    """One editable record: who edits it where, which field each submit changes, and how
    to read that field back."""

    model: type  # the versioned model it edits
    users: Callable  # cast -> [user, user]
    url: Callable  # cast, setup -> edit page URL
    field: str
    read: Callable  # setup -> stored value
    setup: Callable = lambda cast: None
    words: Callable = lambda i: f"Written in window {i}"
    accepted: tuple = (302,)
    post_url: Callable | None = None  # when the save goes elsewhere than the form's action
    # A page that refuses a late save by sending the person back to it with a message (a
    # redirect here is "told", not "saved"); e.g. a proposal already accepted meanwhile.
    told_at: Callable | None = None  # cast, setup -> URL
    # dataclasses.field spelled out: the class has a `field` of its own
    extra: dict = dataclasses.field(default_factory=dict)


def _experience(cast):
    domain, _ = LifeDomain.objects.get_or_create(code="housing", defaults={"label": "Housing"})
    return Experience.objects.create(
        client=cast.client,
        title="Eviction notice",
        start_year=2021,
        domain=domain,
        what_happened="Before",
        visibility=Visibility.SUPERVISOR,
    )


def _map_entry(cast):
    entry = MapEntry.objects.create(
        client=cast.client, custom_label="Being a carer", words="Before", visibility="supervisor"
    )
    entry.versions.create(number=1, words="Before", visibility=entry.visibility)
    return entry


def _proposal(cast):
    formulation = formulation_for(cast.client)
    sections_of(formulation)
    return Feedback.objects.create(
        formulation=formulation,
        section="happened",
        kind=Feedback.Kind.PROPOSAL,
        proposed_text="The client's words",
        author=cast.client_user,
    )


def _reflection(cast):
    return PowerReflection.objects.create(client=cast.client, author=cast.river, text="Before")


def _plan_section(cast):
    return PlanSection.objects.get(plan=plans.plan(cast), key="values")


def _intake(cast):
    return Intake.objects.create(client=cast.client, referred_on=date(2025, 1, 6))


def _section_text(cast):
    return sections_of(formulation_for(cast.client))["happened"].text


CASES = {
    "client profile (therapist twice)": Case(
        model=Client,
        users=lambda c: [c.river, c.river],
        url=lambda c, s: reverse("clients:edit", args=[c.client.pk]),
        field="self_description",
        read=lambda c, s: Client.objects.get(pk=c.client.pk).self_description,
    ),
    "client profile (therapist and client)": Case(
        model=Client,
        users=lambda c: [c.river, c.client_user],
        url=lambda c, s: None,  # per user, below
        field="self_description",
        read=lambda c, s: Client.objects.get(pk=c.client.pk).self_description,
    ),
    "session": Case(
        model=Session,
        users=lambda c: [c.river, c.river],
        setup=lambda c: make_session(c.client),
        url=lambda c, s: reverse("notes:session_edit", args=[c.client.pk, s.pk]),
        field="minutes",
        words=lambda i: str(40 + i),
        read=lambda c, s: str(Session.objects.get(pk=s.pk).minutes),
    ),
    "note draft": Case(
        model=Note,
        users=lambda c: [c.river, c.river],
        setup=lambda c: draft_note(c),
        url=lambda c, s: reverse("notes:edit", args=[s.pk]),
        field="agenda",
        read=lambda c, s: Note.objects.get(pk=s.pk).agenda,
    ),
    "note autosave": Case(
        model=Note,
        users=lambda c: [c.river, c.river],
        setup=lambda c: draft_note(c),
        url=lambda c, s: reverse("notes:edit", args=[s.pk]),
        post_url=lambda c, s: reverse("notes:autosave", args=[s.pk]),
        field="agenda",
        accepted=(200,),
        read=lambda c, s: Note.objects.get(pk=s.pk).agenda,
    ),
    "map entry (therapist and client)": Case(
        model=MapEntry,
        users=lambda c: [c.river, c.client_user],
        setup=_map_entry,
        url=lambda c, s: None,
        field="words",
        read=lambda c, s: MapEntry.objects.get(pk=s.pk).words,
    ),
    "positionality": Case(
        model=Position,
        users=lambda c: [c.river, c.river],
        setup=lambda c: Position.objects.create(
            therapist=c.river, custom_label="Being a parent", lived_as="privilege"
        ),
        url=lambda c, s: reverse("context:position_edit", args=[s.pk]),
        field="words",
        read=lambda c, s: Position.objects.get(pk=s.pk).words,
    ),
    "power reflection": Case(
        model=PowerReflection,
        users=lambda c: [c.river, c.river],
        setup=_reflection,
        url=lambda c, s: reverse("context:power_map", args=[c.client.pk]),
        field="text",
        read=lambda c, s: PowerReflection.objects.get(pk=s.pk).text,
    ),
    "experience": Case(
        model=Experience,
        users=lambda c: [c.river, c.river],
        setup=_experience,
        url=lambda c, s: reverse("context:experience_edit", args=[c.client.pk, s.pk]),
        field="what_happened",
        read=lambda c, s: Experience.objects.get(pk=s.pk).what_happened,
    ),
    "formulation section": Case(
        model=FormulationSection,
        users=lambda c: [c.river, c.river],
        setup=lambda c: sections_of(formulation_for(c.client)),
        url=lambda c, s: reverse("context:section_edit", args=[c.client.pk, "happened"]),
        field="text",
        read=lambda c, s: _section_text(c),
    ),
    "accepting a proposed change": Case(
        model=FormulationSection,
        users=lambda c: [c.river, c.river],
        setup=_proposal,
        url=lambda c, s: reverse("context:feedback", args=[c.client.pk, s.pk]),
        told_at=lambda c, s: reverse("context:feedback", args=[c.client.pk, s.pk]),
        field="reply",
        read=lambda c, s: Feedback.objects.get(pk=s.pk).reply,
    ),
    "practice language settings": Case(
        model=PracticeLanguage,
        users=lambda c: [c.admin, c.admin],
        setup=lambda c: PracticeLanguage.objects.get_or_create(practice=c.practice)[0],
        url=lambda c, s: reverse("writing:settings"),
        field="accept_list",
        words=lambda i: f"a phrase from window {i}",
        read=lambda c, s: PracticeLanguage.objects.get(pk=s.pk).accept_list.strip(),
    ),
    "plan section (therapist and client)": Case(
        model=PlanSection,
        users=lambda c: [c.river, c.client_user],
        setup=_plan_section,
        url=lambda c, s: None,
        field="text",
        read=lambda c, s: PlanSection.objects.get(pk=s.pk).text,
    ),
    "taking the client's words into the plan": Case(
        model=PlanSection,
        users=lambda c: [c.river, c.river],
        setup=plans.feedback,
        url=lambda c, s: reverse("plans:feedback", args=[c.client.pk, s.pk]),
        told_at=lambda c, s: reverse("plans:feedback", args=[c.client.pk, s.pk]),
        field="reply",
        read=lambda c, s: PlanFeedback.objects.get(pk=s.pk).reply,
    ),
    "plan goal (therapist and client)": Case(
        model=Goal,
        users=lambda c: [c.river, c.client_user],
        setup=plans.goal,
        url=lambda c, s: None,
        field="title",
        read=lambda c, s: Goal.objects.get(pk=s.pk).title,
    ),
    "plan step (therapist and client)": Case(
        model=Step,
        users=lambda c: [c.river, c.client_user],
        setup=plans.step,
        url=lambda c, s: None,
        field="what",
        read=lambda c, s: Step.objects.get(pk=s.pk).what,
    ),
    "someone the client can call on": Case(
        model=Supporter,
        users=lambda c: [c.client_user, c.client_user],
        setup=plans.supporter,
        url=lambda c, s: reverse("plans:my_supporter_edit", args=[s.pk]),
        field="name",
        read=lambda c, s: Supporter.objects.get(pk=s.pk).name,
    ),
    "what the therapist is doing alongside": Case(
        model=SolidarityAction,
        users=lambda c: [c.river, c.river],
        setup=plans.solidarity,
        url=lambda c, s: reverse("plans:solidarity_edit", args=[c.client.pk, s.pk]),
        field="what",
        read=lambda c, s: SolidarityAction.objects.get(pk=s.pk).what,
    ),
    "plan review date": Case(
        model=Plan,
        users=lambda c: [c.river, c.river],
        setup=plans.plan,
        url=lambda c, s: reverse("plans:review", args=[c.client.pk]),
        field="review_on",
        words=lambda i: f"2027-0{i + 1}-15",
        read=lambda c, s: str(Plan.objects.get(pk=s.pk).review_on),
    ),
    "letter draft": Case(
        model=Letter,
        users=lambda c: [c.river, c.river],
        setup=letters.draft,
        url=lambda c, s: reverse("letters:edit", args=[c.client.pk, s.pk]),
        field="recipient",
        read=lambda c, s: Letter.objects.get(pk=s.pk).recipient,
    ),
    "letter template": Case(
        model=LetterTemplate,
        users=lambda c: [c.admin, c.admin],
        setup=letters.template,
        url=lambda c, s: reverse("letters:template_edit", args=[s.pk]),
        field="title",
        read=lambda c, s: LetterTemplate.objects.get(pk=s.pk).title,
    ),
    "referral and ending": Case(
        model=Intake,
        users=lambda c: [c.river, c.river],
        setup=_intake,
        url=lambda c, s: reverse("equity:intake", args=[c.client.pk]),
        field="referred_on",
        words=lambda i: f"2025-0{i + 2}-03",
        read=lambda c, s: str(Intake.objects.get(pk=s.pk).referred_on),
    ),
}

PER_USER_URL = {
    "client profile (therapist and client)": lambda c, s, user: (
        reverse("clients:edit", args=[c.client.pk]) if user == c.river else reverse("portal:edit")
    ),
    "map entry (therapist and client)": lambda c, s, user: (
        reverse("context:map_edit", args=[c.client.pk, s.pk])
        if user == c.river
        else reverse("context:my_map_edit", args=[s.pk])
    ),
    "plan section (therapist and client)": lambda c, s, user: (
        reverse("plans:section_edit", args=[c.client.pk, s.key])
        if user == c.river
        else reverse("plans:my_section", args=[s.key])
    ),
    "plan goal (therapist and client)": lambda c, s, user: (
        reverse("plans:goal_edit", args=[c.client.pk, s.pk])
        if user == c.river
        else reverse("plans:my_goal_edit", args=[s.pk])
    ),
    "plan step (therapist and client)": lambda c, s, user: (
        reverse("plans:step_edit", args=[c.client.pk, s.pk])
        if user == c.river
        else reverse("plans:my_step_edit", args=[s.pk])
    ),
}


@pytest.fixture
def audited_writes_overlap(monkeypatch):
    """Each audited write (not a read) inside a save waits, holding its transaction open."""
    row_values = chain._row_values

    def slow(event):
        if event.action != Action.VIEW and connection.in_atomic_block:
            time.sleep(OVERLAP)
        return row_values(event)

    monkeypatch.setattr(chain, "_row_values", slow)


@pytest.mark.parametrize("name", CASES)
def test_two_saves_at_once_one_is_saved_and_the_other_is_told(name, cast, audited_writes_overlap):
    case = CASES[name]
    made = case.setup(cast)
    users = case.users(cast)
    submits = []
    for i, user in enumerate(users):
        browser = SignedInClient()
        browser.force_login(user)
        page_url = PER_USER_URL[name](cast, made, user) if name in PER_USER_URL else None
        page_url = page_url or case.url(cast, made)
        page = browser.get(page_url)
        assert page.status_code == 200, (name, page.status_code)
        action, data = versioned_form(page.content.decode())
        assert case.field in data, (name, sorted(data))
        data[case.field] = [case.words(i)]
        target = case.post_url(cast, made) if case.post_url else (action or page_url)
        submits.append((browser, target, data))

    barrier = threading.Barrier(len(submits))
    results: dict[int, object] = {}

    def submit(i):
        browser, target, data = submits[i]
        try:
            barrier.wait(timeout=10)
            response = browser.post(target, data)
            told = case.told_at and response.get("Location") == case.told_at(cast, made)
            results[i] = 409 if told else response.status_code
        except Exception as error:  # noqa: BLE001 (reported below, with the thread)
            results[i] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(submits))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(code, int) for code in results.values()), (name, results)
    won = [i for i, code in results.items() if code in case.accepted]
    assert len(won) == 1, f"{name}: acknowledged {len(won)} of {len(submits)} ({results})"
    lost = [code for i, code in results.items() if i not in won]
    assert all(code in (200, 409) for code in lost), (name, results)
    assert case.read(cast, made) == case.words(won[0]), f"{name}: the acknowledged edit is lost"


def test_every_versioned_record_has_a_concurrency_case():
    """A new model with a `version` gets a case above, or this fails."""
    versioned = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("alongside.")
        and "version" in {f.name for f in model._meta.concrete_fields}
    }
    assert versioned == {case.model for case in CASES.values()}


def test_a_session_edited_while_its_note_is_signed_never_breaks_the_signature(
    cast, audited_writes_overlap
):
    """The signature covers the session's facts: an edit of the session racing the signing
    either waits for it (and is refused) or is signed as saved. verify_notes stays clean."""
    from alongside.notes import signing

    note = draft_note(cast)
    session = note.session
    editor, signer = SignedInClient(), SignedInClient()
    editor.force_login(cast.river)
    signer.force_login(cast.river)
    page = editor.get(reverse("notes:session_edit", args=[cast.client.pk, session.pk]))
    _action, session_form = versioned_form(page.content.decode())
    session_form["minutes"] = ["77"]
    sign_page = signer.get(reverse("notes:sign", args=[note.pk]))
    _action, sign_form = versioned_form(sign_page.content.decode())
    submits = [
        (editor, reverse("notes:session_edit", args=[cast.client.pk, session.pk]), session_form),
        (signer, reverse("notes:sign", args=[note.pk]), sign_form),
    ]
    barrier = threading.Barrier(2)
    results = {}

    def submit(i):
        browser, target, data = submits[i]
        try:
            barrier.wait(timeout=10)
            results[i] = browser.post(target, data).status_code
        except Exception as error:  # noqa: BLE001 (reported below)
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results[1] == 302, results  # signed
    assert Note.objects.get(pk=note.pk).is_signed
    checked, mismatches = signing.verify_all()
    assert checked and mismatches == [], (results, mismatches)
