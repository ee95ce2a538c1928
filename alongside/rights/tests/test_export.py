"""Everything we hold: the bundle validates and round-trips the demo client's data; the
command exports for a practice, audited in the operator's name; psychotherapy notes never
leave."""

import html
import io
import json
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle

from alongside.accounts.models import User
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.clients.models import Client
from alongside.context.models import Experience, Formulation, MapEntry
from alongside.demo.seed import seed
from alongside.letters import records as letter_records
from alongside.letters.models import Letter, Stage
from alongside.measures import instruments
from alongside.measures.models import Response
from alongside.notes.models import SECTIONS, FlagSection, Note, NoteStatus, PrivateReflection
from alongside.plans.models import Plan
from alongside.resources.models import Referral
from alongside.rights import package
from alongside.rights.exporting import export

SECRET = "PRIVATE-REFLECTION-CANARY"


@pytest.fixture
def demo(db):
    seed()
    ash = Client.objects.get(user__username="ash")
    note = Note.objects.filter(client=ash, status=NoteStatus.SIGNED).first()
    PrivateReflection.objects.create(note=note, author=ash.therapist, text=SECRET)
    return ash


def _text(narrative) -> str:
    """What a reader of the narrative sees: the XHTML's text, unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", "\n", narrative.div)).strip()


def _resources(bundle, kind):
    return [e.resource for e in bundle.entry if e.resource.get_resource_type() == kind]


def test_the_bundle_round_trips_the_demo_clients_record(demo):
    ash = demo
    body = export(ash, ash.user, "fhir")
    bundle = Bundle.model_validate_json(body)

    (patient,) = _resources(bundle, "Patient")
    assert patient.name[0].text == ash.chosen_name and patient.name[0].use == "usual"
    assert len(patient.name) == 1  # no legal name stored, none invented
    assert patient.extension[0].extension[0].valueCodeableConcept.text == ash.pronouns
    assert patient.communication[0].language.text == ash.language
    (consent,) = _resources(bundle, "Consent")
    assert consent.status == "active" and consent.patient.reference == f"Patient/{ash.pk}"

    released = Note.objects.released_to(ash.user).filter(client=ash)
    compositions = {c.id: c for c in _resources(bundle, "Composition")}
    assert released.exists()
    for note in released:
        sections = {s.title: _text(s.text) for s in compositions[f"note-{note.pk}"].section}
        for name in SECTIONS:
            if getattr(note, name):
                assert sections[str(FlagSection(name).label)] == getattr(note, name)

    formulation = Formulation.objects.get(client=ash)
    texts = [s.text for s in formulation.sections.all() if s.text]
    story = compositions[f"formulation-{ash.pk}"]
    assert sorted(_text(s.text) for s in story.section) == sorted(texts)

    completed = list(Response.objects.filter(client=ash).completed())
    answers = {q.id: q for q in _resources(bundle, "QuestionnaireResponse")}
    assert set(answers) == {f"response-{r.pk}" for r in completed}
    scores = {o.id: o for o in _resources(bundle, "Observation")}
    for response in completed:
        total = instruments.get(response.instrument).score(response.answers).total
        if total is not None:
            observation = scores[f"score-{response.pk}"]
            assert float(observation.valueQuantity.value) == total
            assert observation.derivedFrom[0].reference.endswith(f"response-{response.pk}")

    encounters = _resources(bundle, "Encounter")
    assert len(encounters) == ash.sessions.count()


def _finalise_the_demo_letter(ash):
    letter = Letter.objects.get(client=ash, stage=Stage.WITH_CLIENT)
    letter_records.approve(ash.user, letter)
    letter_records.finalise(ash.therapist, letter)
    letter.refresh_from_db()
    return letter


def test_the_bundle_holds_the_plan_its_goals_and_the_letters(demo):
    ash = demo
    letter = _finalise_the_demo_letter(ash)
    bundle = Bundle.model_validate_json(export(ash, ash.user, "fhir"))

    plan = Plan.objects.get(client=ash)
    (care_plan,) = _resources(bundle, "CarePlan")
    assert care_plan.id == f"plan-{plan.pk}" and care_plan.subject.reference == f"Patient/{ash.pk}"
    goals = {g.id: g for g in _resources(bundle, "Goal")}
    assert set(goals) == {f"goal-{g.pk}" for g in plan.goals.all()} and goals
    for goal in plan.goals.all():
        assert goals[f"goal-{goal.pk}"].description.text == goal.title
    assert {r.reference for r in care_plan.goal} == {f"Goal/{g}" for g in goals}
    assert len(care_plan.activity) == plan.steps.count()

    (document,) = _resources(bundle, "DocumentReference")
    assert document.id == f"letter-{letter.pk}"
    assert document.content[0].attachment.data.decode() == letter.final_text  # decoded by the model
    consents = {c.id: c for c in _resources(bundle, "Consent")}
    letter_consent = consents[f"letter-consent-{letter.consent.pk}"]
    assert letter_consent.status == "active"
    assert letter_consent.provision.actor[0].reference.display == letter.recipient


def test_the_json_holds_the_plan_the_letters_and_the_referrals_with_their_barrier(demo):
    ash = demo
    document = json.loads(export(ash, ash.user, "json"))
    sections = document["sections"]
    plan = Plan.objects.get(client=ash)
    assert [g["title"] for g in sections["plan"]["goals"]] == [g.title for g in plan.goals.all()]
    assert any(g["your_ratings"] for g in sections["plan"]["goals"])
    (letter,) = sections["letters"]
    assert letter["stage"] == Stage.WITH_CLIENT
    referrals = {r["id"]: r for r in sections["resources"]}
    assert set(referrals) == set(Referral.objects.filter(client=ash).values_list("pk", flat=True))
    didnt = Referral.objects.get(client=ash, barrier="waiting_list")
    assert referrals[didnt.pk]["why_it_did_not_work_out"] == "waiting_list"
    assert referrals[didnt.pk]["in_your_words"] == didnt.barrier_words


def test_an_unsent_draft_letter_stays_out_of_the_clients_copy(demo):
    ash = demo
    Letter.objects.filter(client=ash).update(stage=Stage.DRAFT, sent_at=None)
    mine = json.loads(export(ash, ash.user, "json"))
    assert "letters" not in mine["sections"] or mine["sections"]["letters"] == []
    practice = json.loads(export(ash, ash.therapist, "json"))
    assert len(practice["sections"]["letters"]) == 1


def test_the_json_beside_the_bundle_holds_experiences_and_the_map(demo):
    ash = demo
    document = json.loads(export(ash, ash.user, "json"))
    titles = [e["title"] for e in document["sections"]["experiences"]]
    assert sorted(titles) == sorted(e.title for e in Experience.objects.filter(client=ash))
    assert len(document["sections"]["context_map"]) == MapEntry.objects.filter(client=ash).count()
    assert document["sections"]["profile"]["chosen_name"] == ash.chosen_name
    assert any("private reflections" in line for line in document["not_included"])


def test_the_zip_holds_bundle_record_and_readme_and_never_a_private_reflection(demo):
    ash = demo
    archive = zipfile.ZipFile(io.BytesIO(export(ash, ash.user, "zip")))
    assert sorted(archive.namelist()) == ["README.txt", "bundle.json", "record.json"]
    Bundle.model_validate_json(archive.read("bundle.json"))
    for name in archive.namelist():
        assert SECRET not in archive.read(name).decode()
    practice_copy = export(ash, ash.therapist, "zip")
    with zipfile.ZipFile(io.BytesIO(practice_copy)) as practice:
        assert all(SECRET not in practice.read(n).decode() for n in practice.namelist())


def test_the_readable_copy_says_what_is_left_out_and_holds_the_story(demo):
    ash = demo
    html = package.readable_html(package.build(ash, ash.user))
    assert "private reflections" in html and SECRET not in html
    assert Experience.objects.filter(client=ash).first().title in html
    pdf = export(ash, ash.user, "pdf")
    assert pdf.startswith(b"%PDF")


def test_a_held_back_note_is_left_out_of_the_clients_copy_and_the_copy_says_so(demo):
    ash = demo
    note = Note.objects.released_to(ash.user).filter(client=ash).first()
    Note.objects.filter(pk=note.pk).update(held_back=True)
    document = json.loads(export(ash, ash.user, "json"))
    assert note.pk not in [n["id"] for n in document["sections"]["notes"]]
    assert "held back" in document["explanations"]["notes"]


def test_the_command_exports_for_the_practice_and_names_the_operator(demo, tmp_path):
    ash = demo
    river = ash.therapist
    out = tmp_path / "ash.json"
    call_command(
        "export_client",
        str(ash.pk),
        "--format",
        "fhir",
        "--operator",
        river.username,
        "--output",
        str(out),
        stderr=io.StringIO(),
    )
    Bundle.model_validate_json(out.read_bytes())
    event = AuditEvent.objects.filter(action=Action.EXPORT).last()
    assert (event.actor_id, event.client_id, event.object_type) == (river.pk, ash.pk, "record:fhir")


def test_the_command_refuses_an_operator_without_a_relationship_and_audits_the_try(demo):
    ash = demo
    jo = User.objects.get(username="jo")
    with pytest.raises(CommandError, match="has no client record"):
        call_command("export_client", str(ash.pk), "--format", "json", "--operator", "jo")
    event = AuditEvent.objects.last()
    assert (event.actor_id, event.outcome) == (jo.pk, Outcome.DENIED)
    assert not AuditEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.ALLOWED).exists()


def test_the_readme_in_the_zip_is_in_the_clients_language(demo):
    ash = demo
    ash.user.language = "es"
    ash.user.save(update_fields=["language"])
    archive = zipfile.ZipFile(io.BytesIO(export(ash, ash.therapist, "zip")))
    readme = archive.read("README.txt").decode()
    assert readme.startswith("Todo lo que Alongside guarda sobre ti\n")
    assert "\nbundle.json\n" in readme and "\nrecord.json\n" in readme
    assert "Keep this file" not in readme
