"""A client's own words and naming preferences are respected; practices can accept terms."""

import pytest

from alongside.language import Checker, NamingPreferences, check
from alongside.language.preferences import PreferencesError, load_accept


def test_the_clients_own_term_is_not_flagged(flagged):
    assert flagged("He is an addict.") == ["labels.addict"]
    assert flagged("He is an addict.", {"own_terms": ["addict"]}) == []


def test_an_own_term_covers_its_plural(flagged):
    assert flagged("The addicts group met.", {"own_terms": ["addict"]}) == []


def test_an_own_term_does_not_hide_other_findings(flagged):
    found = flagged("He is an addict and a junkie.", {"own_terms": ["addict"]})
    assert found == ["labels.junkie"]


def test_identity_first_silences_person_first_nudges(flagged):
    assert flagged("Diabetic patient, HbA1c 72.") == ["labels.diabetic-adjective"]
    assert flagged("Diabetic patient, HbA1c 72.", {"identity_first": True}) == []


def test_identity_first_flips_the_suggestion(checker):
    person_first = checker.check("Autistics find the room loud.")
    identity_first = checker.check("Autistics find the room loud.", {"identity_first": True})
    assert "autistic person" in identity_first[0].suggestions
    assert identity_first[0].suggestions != person_first[0].suggestions


def test_the_example_preferences_from_the_issue(flagged):
    prefs = {"identity_first": True, "own_terms": ["autistic", "addict"]}
    assert flagged("An autistic and an addict, in recovery.", prefs) == []


def test_preferences_load_from_yaml(tmp_path):
    path = tmp_path / "prefs.yaml"
    path.write_text("identity_first: true\nown_terms: [Deaf, fat]\n")
    assert NamingPreferences.load(path) == NamingPreferences(True, ("Deaf", "fat"))


@pytest.mark.parametrize(
    "data", [{"identity_frist": True}, {"identity_first": "yes"}, {"own_terms": [1]}]
)
def test_bad_preferences_are_rejected(data):
    with pytest.raises(PreferencesError):
        NamingPreferences.from_dict(data)


def test_an_accept_list_can_name_rules_or_phrases(tmp_path):
    path = tmp_path / "accept.yaml"
    path.write_text("- judgement.hostile\n- frequent attender\n")
    checker = Checker(accept=load_accept(path))
    assert checker.check("Hostile on arrival.") == []
    assert checker.check("A frequent attender at A&E.") == []
    assert checker.check("Frequent flyer.") != []


def test_check_takes_practice_options_directly():
    assert check("Hostile on arrival.", accept=["judgement.hostile"]) == []


def test_what_the_preferences_kept_quiet_is_reported_with_its_reason(checker):
    quiet = []
    found = checker.check(
        "Diabetic patient. He is an addict.",
        {"identity_first": True, "own_terms": ["addict"]},
        silenced=quiet,
    )
    assert found == []
    assert sorted((f.text, why) for f, why in quiet) == [
        ("Diabetic patient", "identity_first"),
        ("addict", "own_term"),
    ]


def test_nothing_is_reported_silenced_without_preferences(checker):
    quiet = []
    assert checker.check("He is an addict.", silenced=quiet)
    assert quiet == []


def test_two_overlapping_quiet_matches_are_reported_once_with_their_reason(checker):
    # Found by the property test: the two matches merge into one span that is neither's,
    # and looking its reason up by span raised KeyError (a crash for the editor's check).
    quiet: list = []
    assert checker.check("REFUSE REFUSED 0", {"own_terms": ["REFUS"]}, silenced=quiet) == []
    assert [(f.text, why) for f, why in quiet] == [("REFUSE REFUSED 0", "own_term")]
