"""The main clinical edit pages, sent junk by Hypothesis as the person who may edit them
(security.md 17, 21, 25).

Each example POSTs a form body built byte by byte (tests/hostile.py): a valid submission with
some fields replaced by hostile text, numbers, raw invalid UTF-8, unknown choices, or a stale
or nonsensical version. Whatever comes in:

- the answer is never a 5xx, and shows no payload as live markup and no error text;
- a refusal leaves the database as it was, byte for byte (ciphertexts included, so even a
  re-save of the same words would show): nothing half-saved;
- an accepted edit moves the record's version on by exactly one.
"""

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alongside.clients.models import Client
from alongside.context.models import Experience, FormulationSection, FormulationVersion
from alongside.context.records import formulation_for, sections_of
from alongside.context.tests import objects
from alongside.measures.models import CheckIn, Flag, Response
from alongside.measures.tests.conftest import make_check_in
from alongside.notes.models import SECTIONS, AgreedAction, Note, PrivateReflection
from alongside.notes.tests.helpers import draft_note
from tests.hostile import SCRIPT, form_body, numbers, raw, text

EXAMPLES = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
LEAKS = ("Traceback", "OperationalError", "DataError", "IntegrityError", "UnicodeEncodeError")

junk = st.one_of(text, numbers, raw)
versions = st.one_of(st.just("CURRENT"), numbers, raw, st.sampled_from(["", "0", "1", "2"]))


def tables(*models):
    """The database tables of these models and of their many-to-many links."""
    names = []
    for model in models:
        names.append(model._meta.db_table)
        names += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]
    return names


def snapshot(names):
    """Every row of these tables, as stored (encrypted text stays ciphertext)."""
    rows = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)} ORDER BY 1")  # noqa: S608
            rows[name] = cursor.fetchall()
    return rows


def post(client, url, data):
    return client.post(url, form_body(data), content_type="application/x-www-form-urlencoded")


def answered_safely(response):
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", "replace")
    assert SCRIPT not in body and "<img src=x" not in body
    for leak in LEAKS:
        assert leak not in body, leak
    return body


def fuzzed(draw, baseline, fields, version):
    """The baseline with a non-empty set of `fields` (name -> strategy) replaced."""
    chosen = draw(st.sets(st.sampled_from(sorted(fields)), min_size=1), label="fields")
    data = dict(baseline)
    for name in sorted(chosen):
        data[name] = draw(fields[name], label=name)
    if data.get("version") == "CURRENT":
        data["version"] = version
    return data


def test_client_profile_edit(client, cast):
    client.force_login(cast.river)
    url = reverse("clients:edit", args=[cast.client.pk])
    watched = tables(Client)
    fields = {
        name: junk
        for name in [
            "chosen_name",
            "pronouns",
            "language",
            "email",
            "phone",
            "self_description",
            "own_terms",
            "legal_name",
        ]
    }
    fields["naming_style"] = st.one_of(st.sampled_from(["person_first", "identity_first"]), junk)
    fields["version"] = versions

    @FUZZ
    @given(st.data())
    def fuzz(data):
        version = Client.objects.get(pk=cast.client.pk).version
        baseline = {"chosen_name": "Ash", "pronouns": "he/him", "version": "CURRENT"}
        sent = fuzzed(data.draw, baseline, fields, version)
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            assert Client.objects.get(pk=cast.client.pk).version == version + 1
        else:
            assert snapshot(watched) == before

    fuzz()


def _note_form(note):
    return {
        **{name: "" for name in SECTIONS},
        "agenda": "In their words: the letter",
        "version": "CURRENT",
        "private_reflection": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-text": "",
        "actions-0-who": "",
    }


def test_note_edit(client, cast):
    note = draft_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:edit", args=[note.pk])
    watched = tables(Note, AgreedAction, PrivateReflection)
    fields = {name: junk for name in [*SECTIONS, "private_reflection", "actions-0-text"]}
    fields.update(
        {
            "version": versions,
            "share_reflection": st.one_of(st.just("on"), junk),
            "experiences": st.lists(junk, max_size=3),
            "actions-TOTAL_FORMS": st.one_of(st.sampled_from(["2", "1001", "-1"]), junk),
            "actions-INITIAL_FORMS": st.one_of(st.sampled_from(["1", "5"]), junk),
            "actions-0-who": st.one_of(st.sampled_from(["client", "therapist", "together"]), junk),
            "actions-0-id": st.one_of(
                st.sampled_from([str(a.pk) for a in note.actions.all()]), junk
            ),
            "actions-0-DELETE": st.one_of(st.just("on"), junk),
            "actions-0-done": st.one_of(st.just("on"), junk),
        }
    )

    @FUZZ
    @given(st.data())
    def fuzz(data):
        version = Note.objects.get(pk=note.pk).version
        sent = fuzzed(data.draw, _note_form(note), fields, version)
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            assert Note.objects.get(pk=note.pk).version == version + 1
        else:
            assert snapshot(watched) == before

    fuzz()


def test_experience_edit(client, cast):
    experience = objects.experience(cast)
    client.force_login(cast.river)
    url = reverse("context:experience_edit", args=[cast.client.pk, experience.pk])
    watched = tables(Experience)
    years = st.one_of(st.integers(1850, 2100).map(str), numbers, raw)
    fields = {
        name: junk
        for name in ["title", "when_words", "systems_other", "what_happened", "impact", "response"]
    }
    fields.update(
        {
            "version": versions,
            "start_year": years,
            "end_year": years,
            "start_month": st.one_of(st.integers(0, 13).map(str), junk),
            "end_month": st.one_of(st.integers(0, 13).map(str), junk),
            "ongoing": st.one_of(st.just("on"), junk),
            "domain": st.one_of(st.sampled_from(["housing", "work", "moon"]), junk),
            "systems": st.lists(
                st.one_of(st.sampled_from(["racism", "classism", "other"]), junk), max_size=3
            ),
            "visibility": st.one_of(st.sampled_from(["private", "supervisor"]), junk),
        }
    )
    baseline = {
        "title": "Refused a flat",
        "start_year": "2019",
        "domain": "housing",
        "systems": ["racism"],
        "what_happened": "The agent said the flat was gone.",
        "visibility": "private",
        "version": "CURRENT",
    }

    @FUZZ
    @given(st.data())
    def fuzz(data):
        version = Experience.objects.get(pk=experience.pk).version
        sent = fuzzed(data.draw, baseline, fields, version)
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            assert Experience.objects.get(pk=experience.pk).version == version + 1
        else:
            assert snapshot(watched) == before

    fuzz()


def test_formulation_section_edit(client, cast):
    experience = objects.experience(cast)
    sections_of(formulation_for(cast.client))
    client.force_login(cast.river)
    url = reverse("context:section_edit", args=[cast.client.pk, "happened"])
    watched = tables(FormulationSection, FormulationVersion)
    fields = {
        "text": junk,
        "version": versions,
        "experiences": st.lists(st.one_of(st.just(str(experience.pk)), junk), max_size=3),
    }

    def section():
        return FormulationSection.objects.get(formulation__client=cast.client, key="happened")

    @FUZZ
    @given(st.data())
    def fuzz(data):
        version = section().version
        sent = fuzzed(
            data.draw, {"text": "Eviction, twice.", "version": "CURRENT"}, fields, version
        )
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            assert section().version == version + 1
        else:
            assert snapshot(watched) == before

    fuzz()


@pytest.mark.parametrize("instrument", ["session-feedback", "eds"])
def test_check_in_answer(client, cast, instrument):
    from alongside.measures import instruments

    questions = instruments.get(instrument).questions
    client.force_login(cast.client_user)
    watched = tables(Response, CheckIn, Flag)
    fields = {
        "q": st.one_of(st.integers(-2, len(questions) + 2).map(str), junk),
        "mode": st.one_of(st.sampled_from(["one", "all"]), junk),
        "action": st.one_of(st.sampled_from(["next", "back", "save", "send"]), junk),
    }
    for q in questions:
        if q.kind == "integer":
            fields[q.link_id] = st.one_of(st.integers(-1, 11).map(str), junk)
        elif q.kind == "choice":
            codes = st.sampled_from([o.code for o in q.options])
            fields[q.link_id] = (
                st.lists(st.one_of(codes, junk), max_size=3)
                if q.repeats
                else st.one_of(codes, junk)
            )
        else:
            fields[q.link_id] = junk
    state = {"check_in": make_check_in(cast.client, instrument)}

    @FUZZ
    @given(st.data())
    def fuzz(data):
        if not CheckIn.objects.get(pk=state["check_in"].pk).is_open:
            state["check_in"] = make_check_in(cast.client, instrument)
        url = reverse("measures:answer", args=[state["check_in"].pk])
        sent = fuzzed(data.draw, {"q": "1", "action": "next"}, fields, 0)
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 400:
            # Refused before the view (a body over Django's size limit) has no context.
            stage = response.context["stage"] if response.context else None
            if stage in (None, "question", "all"):
                assert snapshot(watched) == before  # a refused page saves nothing

    fuzz()


def test_checker_and_timeline_parameters(client, cast):
    """Values the views read from the request themselves, outside a form."""
    client.force_login(cast.river)
    timeline = reverse("context:timeline", args=[cast.client.pk])

    @FUZZ
    @example(value="²")  # a digit to str.isdigit(), not to int()
    @example(value="9" * 5000)
    @example(value="a\x00b")  # PostgreSQL refuses NUL bytes, even in a lookup
    @given(value=junk)
    def fuzz(value):
        check = {"language_client": value, "language_source": "t", "t": "Client claims."}
        answered_safely(post(client, reverse("writing:check"), check))
        dismissal = {
            "language_client": str(cast.client.pk),
            "lc_slot": "1",
            "lc_reason_1": "own_word",
            "lc_rule": value,
            "lc_phrase": "claims",
        }
        answered_safely(post(client, reverse("writing:dismiss"), dismissal))
        query = form_body({"system": value, "domain": value}).decode("ascii")
        answered_safely(client.get(f"{timeline}?{query}"))

    fuzz()


def test_plan_goal_edit(client, cast):
    from alongside.plans.models import Goal, PlanVersion
    from alongside.plans.tests import objects as plan_objects

    goal = plan_objects.goal(cast)
    experience = objects.experience(cast)
    client.force_login(cast.river)
    url = reverse("plans:goal_edit", args=[cast.client.pk, goal.pk])
    watched = tables(Goal, PlanVersion)
    fields = {name: junk for name in ["title", "different"]}
    fields.update(
        {
            "version": versions,
            "level": st.one_of(st.sampled_from(["personal", "collective", "moon"]), junk),
            "status": st.one_of(st.sampled_from(["idea", "done", "later"]), junk),
            "experiences": st.lists(st.one_of(st.just(str(experience.pk)), junk), max_size=3),
            "systems": st.lists(st.one_of(st.sampled_from(["racism", "moon"]), junk), max_size=3),
        }
    )

    @FUZZ
    @given(st.data())
    def fuzz(data):
        version = Goal.objects.get(pk=goal.pk).version
        baseline = {"level": "collective", "title": "Join", "status": "idea", "version": "CURRENT"}
        sent = fuzzed(data.draw, baseline, fields, version)
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            assert Goal.objects.get(pk=goal.pk).version == version + 1
        else:
            assert snapshot(watched) == before

    fuzz()


def test_plan_section_edit_in_the_portal(client, cast):
    from alongside.plans.models import PlanSection, PlanVersion
    from alongside.plans.tests import objects as plan_objects

    plan_objects.plan(cast)
    client.force_login(cast.client_user)
    url = reverse("plans:my_section", args=["signs"])
    watched = tables(PlanSection, PlanVersion)
    fields = {"text": junk, "version": versions}

    @FUZZ
    @given(st.data())
    def fuzz(data):
        section = PlanSection.objects.get(plan__client=cast.client, key="signs")
        sent = fuzzed(
            data.draw, {"text": "Not sleeping.", "version": "CURRENT"}, fields, section.version
        )
        before = snapshot(watched)
        response = post(client, url, sent)
        answered_safely(response)
        if response.status_code == 302:
            section.refresh_from_db()
            assert section.version == int(sent["version"]) + 1
        else:
            assert snapshot(watched) == before

    fuzz()
