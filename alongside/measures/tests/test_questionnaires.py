"""Questionnaire files: valid FHIR, the right items, and a practice's own instrument."""

import json
import shutil

import pytest
from django.core.management import call_command
from django.test import override_settings
from fhir.resources.R4B.questionnaire import Questionnaire

from alongside.measures import instruments
from alongside.measures.instruments import SHIPPED_DIR, InstrumentError, parse, registry
from alongside.measures.scoring import PHQ9, SESSION_FEEDBACK


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.cache_clear()
    yield
    registry.cache_clear()


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_each_shipped_file_is_a_valid_fhir_questionnaire_with_a_licence(path):
    data = json.loads(path.read_text())
    resource = Questionnaire.model_validate(data)
    assert resource.status == "active"
    assert resource.copyright and resource.url and resource.description


def test_the_four_shipped_instruments_load_with_their_items():
    found = registry()
    assert list(found) == ["session-feedback", "eds", "phq-9", "gad-7"]
    assert [q.link_id for q in found["phq-9"].questions][:9] == [f"phq9-{n}" for n in range(1, 10)]
    assert len(found["gad-7"].scale.items) == 7
    assert len(found["eds"].scale.items) == 9
    feedback = found["session-feedback"]
    assert [q.link_id for q in feedback.questions] == [
        "safe",
        "heard",
        "respected",
        "power",
        "mattered",
        "overall",
        "comment",
    ]
    assert feedback.question("safe").min_value == 0 and feedback.question("safe").max_value == 10
    assert feedback.question("safe").help == "0 means not at all, 10 means completely."


def test_phq9_answers_carry_loinc_codes_and_scoring_weights():
    item = registry()["phq-9"].question("phq9-9")
    assert item.code["code"] == "44260-8"
    assert [(o.code, o.value) for o in item.options] == [
        ("LA6568-5", 0),
        ("LA6569-3", 1),
        ("LA6570-1", 2),
        ("LA6571-9", 3),
    ]
    assert "better off dead" in item.text


def test_phq9_and_gad7_carry_the_context_that_a_score_is_not_a_cause():
    for key in ("phq-9", "gad-7"):
        assert "not its cause" in registry()[key].purpose


def test_the_eds_reason_follow_up_shows_only_after_some_discrimination():
    eds = registry()["eds"]
    never = {f"eds-{n}": "never" for n in range(1, 10)}
    assert "eds-reason" not in [q.link_id for q in eds.visible(never)]
    some = {**never, "eds-3": "yearly"}
    assert "eds-reason" in [q.link_id for q in eds.visible(some)]
    assert "eds-reason-other" in [
        q.link_id for q in eds.visible({**some, "eds-reason": ["race", "other"]})
    ]
    # An answer to a question that is no longer shown is dropped when sent.
    assert "eds-reason" not in eds.kept({**never, "eds-reason": ["race"]})


def _phq_data():
    return json.loads((SHIPPED_DIR / "phq-9.json").read_text())


def test_a_file_that_is_not_valid_fhir_is_refused_with_its_name():
    data = _phq_data()
    del data["item"][0]["item"][0]["linkId"]
    with pytest.raises(InstrumentError, match="not a valid FHIR Questionnaire"):
        parse(data, PHQ9)


def test_a_file_without_a_licence_statement_is_refused():
    data = _phq_data()
    del data["copyright"]
    with pytest.raises(InstrumentError, match="copyright"):
        parse(data, PHQ9)


def test_a_scale_naming_an_item_missing_from_the_file_is_refused():
    data = json.loads((SHIPPED_DIR / "gad-7.json").read_text())
    with pytest.raises(InstrumentError, match="phq9-1"):
        parse(data, PHQ9)


def test_scored_choice_items_need_weights():
    data = _phq_data()
    for option in data["item"][0]["item"][0]["answerOption"]:
        option.pop("extension")
    with pytest.raises(InstrumentError, match="ordinal"):
        parse(data, PHQ9)


PRACTICE_SCORING = """
from alongside.measures.scoring import Band, ReliableChange, Scale

SCALES = [
    Scale(
        key="calm-3",
        items=("c1", "c2", "c3"),
        item_min=0,
        item_max=4,
        reverse=frozenset({"c2"}),
        bands=(Band(0, 5, "low"), Band(6, 12, "high")),
        reliable_change=ReliableChange(3, "Our licence holder's manual, p. 4"),
    )
]
"""


def _practice_questionnaire(key="calm-3"):
    options = [
        {
            "valueCoding": {"code": str(n), "display": str(n)},
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/ordinalValue", "valueDecimal": n}
            ],
        }
        for n in range(5)
    ]
    return {
        "resourceType": "Questionnaire",
        "id": key,
        "url": f"urn:example:{key}",
        "status": "active",
        "title": "A licensed scale",
        "copyright": "Used under licence 123 held by the practice.",
        "item": [
            {
                "linkId": f"c{n}",
                "text": f"Item {n}",
                "type": "choice",
                "required": True,
                "answerOption": options,
            }
            for n in (1, 2, 3)
        ],
    }


def test_a_practice_adds_a_licensed_instrument_by_dropping_in_two_files(tmp_path):
    (tmp_path / "calm-3.json").write_text(json.dumps(_practice_questionnaire()))
    (tmp_path / "scoring.py").write_text(PRACTICE_SCORING)
    with override_settings(MEASURES_INSTRUMENT_DIR=tmp_path):
        found = registry()
        assert "calm-3" in found and not found["calm-3"].shipped
        score = found["calm-3"].score({"c1": "4", "c2": "0", "c3": "4"})
        assert score.total == 12 and score.band.label == "high"  # c2 reversed: 0 -> 4
        call_command("check")  # the system check loads it without complaint


def test_a_dropped_in_file_without_a_scoring_entry_fails_the_system_check(tmp_path):
    (tmp_path / "calm-3.json").write_text(json.dumps(_practice_questionnaire()))
    with override_settings(MEASURES_INSTRUMENT_DIR=tmp_path):
        with pytest.raises(InstrumentError, match="no scoring entry"):
            registry()
        from alongside.measures.checks import instruments_load

        errors = instruments_load(None)
        assert errors and errors[0].id == "measures.E001"


def test_a_practice_file_cannot_replace_a_shipped_instrument(tmp_path):
    shutil.copy(SHIPPED_DIR / "phq-9.json", tmp_path / "phq-9.json")
    (tmp_path / "scoring.py").write_text(
        "from alongside.measures.scoring import PHQ9\nSCALES = [PHQ9]\n"
    )
    with (
        override_settings(MEASURES_INSTRUMENT_DIR=tmp_path),
        pytest.raises(InstrumentError, match="replace"),
    ):
        registry()


def test_nothing_licensed_ships_each_shipped_licence_says_free():
    for key, instrument in registry().items():
        text = instrument.copyright.lower()
        assert any(
            w in text for w in ("no permission required", "freely available", "free to use")
        ), key


def test_session_feedback_scale_matches_its_file():
    assert registry()["session-feedback"].scale is SESSION_FEEDBACK
    assert instruments.get("session-feedback").title == "How was today's session?"


def test_a_missing_shipped_file_is_a_clear_system_check_error_not_a_key_error(
    tmp_path, monkeypatch
):
    """An install that left out the package data (as `pip install .` once did)."""
    for path in SHIPPED_DIR.glob("*.json"):
        if path.name != "phq-9.json":
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(instruments, "SHIPPED_DIR", tmp_path)
    from alongside.measures.checks import instruments_load

    errors = instruments_load(None)
    assert [e.id for e in errors] == ["measures.E001"]
    assert "phq-9" in errors[0].msg and "reinstall" in errors[0].msg
