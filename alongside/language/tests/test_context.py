"""Where keyword tools cry wolf: whose words, who is described, negation, terms of art."""

import pytest


def test_it_ignores_the_clients_quoted_words(flagged):
    assert flagged('She said, "I feel like an addict and I hate it."') == []


def test_it_ignores_a_self_description_without_quotes(flagged):
    assert flagged("She describes herself as an addict in recovery.") == []
    assert flagged("In his words, he is a junkie.") == []


def test_it_flags_one_of_the_clients_words_in_scare_quotes(flagged):
    assert flagged('She reports "anxiety" at night.') == ["credibility.scare-quotes"]
    assert flagged("Her 'pain' is worse today.") == ["credibility.scare-quotes"]


def test_a_quoted_title_is_not_a_scare_quote(flagged):
    assert flagged('She attended the "Hearing Voices" group.') == []


def test_it_does_not_judge_the_client_when_an_institution_is_the_subject(flagged):
    assert flagged("The landlord refused to fix the boiler.") == []
    assert flagged("The insurer claims the sessions were not authorised.") == []
    assert flagged("The school is non-compliant with accessibility law.") == []
    assert flagged("She says the housing officer was hostile.") == []


def test_it_still_judges_when_the_client_is_the_subject(flagged):
    assert flagged("She refused the medication.") == ["authority.refuses"]
    assert flagged("She called the landlord and refused the inspection.") == []
    assert "credibility.claims" in flagged("Client claims the landlord refused repairs.")


def test_a_judgement_reported_from_someone_else_is_theirs_not_ours(flagged):
    assert flagged("Teachers say he is defiant in class.") == []


def test_negation_clears_a_descriptor(flagged):
    assert flagged("She was not hostile at any point.") == []
    assert flagged("No longer aggressive since the move.") == []


def test_negation_does_not_clear_compliance_framing(flagged):
    assert flagged("He is not compliant with the plan.") == ["authority.noncompliant"]


def test_the_clients_own_feeling_is_not_a_judgement(flagged):
    assert flagged("She felt agitated after the call.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Bipolar disorder, type II.",
        "Lung compliance was reduced.",
        "Treatment-resistant depression.",
        "Nicotine replacement therapy started.",
        "Psychomotor retardation noted.",
        "Exaggerated startle response.",
        "The hostile environment policy affected her status.",
        "Special educational needs support at school.",
        "He has a clean criminal record.",
        "Alcoholics Anonymous on Tuesdays.",
        "Service users were consulted.",
    ],
)
def test_terms_of_art_are_left_alone(flagged, text):
    assert flagged(text) == []


@pytest.mark.parametrize(
    "word", ["non-compliant", "non compliant", "noncompliant", "Non-Compliant"]
)
def test_spacing_and_hyphen_variants_match(flagged, word):
    assert flagged(f"He is {word} with meds.") == ["authority.noncompliant"]


@pytest.mark.parametrize("text", ["Disheveled on arrival.", "Dishevelled on arrival."])
def test_british_and_american_spellings_match(flagged, text):
    assert flagged(text) == ["stereotyping.unkempt"]


@pytest.mark.parametrize("verb", ["claims", "claimed", "claiming", "claim"])
def test_inflections_match(flagged, verb):
    assert "credibility.claims" in flagged(f"She {verb} that the pain is worse.")


def test_a_parent_reporting_on_someone_else_gives_their_judgement_not_ours(flagged):
    assert flagged("Mum reports he is defiant at home but fine at school.") == []
    assert flagged("Dad says she is aggressive with her brother.") == []
    assert flagged("Mum says Jack is hostile to his sister.") == []
    # Mum may be talking about herself, and "Mum was hostile" is the client in parenting work.
    assert flagged("Mum says she is defiant.") == ["judgement.confrontational"]
    assert flagged("Mum was hostile when we visited.") == ["judgement.hostile"]


def test_the_client_reporting_on_someone_else_is_not_judged(flagged):
    assert flagged("She says he is aggressive when he drinks.") == []
    assert flagged("Client says he is aggressive when he drinks.") == ["judgement.aggressive"]
    assert flagged("She says she is hostile to staff.") == ["judgement.hostile"]


def test_a_job_a_meeting_or_a_pet_as_the_subject_is_not_the_client(flagged):
    assert flagged("Her new job is very demanding.") == []
    assert flagged("The meeting was hostile and she left in tears.") == []
    assert flagged("The puppy is very demanding of her time.") == []
    assert flagged("Her toddler is very demanding at bedtime.") == []
    assert flagged("Her behaviour was hostile.") == ["judgement.hostile"]
    assert flagged("The toddler is demanding.") == ["judgement.demanding"]
    assert flagged("She is allegedly hearing voices.") == ["credibility.alleges"]


def test_a_hearsay_adverb_before_a_short_quote_makes_it_a_scare_quote(flagged):
    assert flagged("Pt apparently 'forgot' to collect his prescription.") == [
        "credibility.scare-quotes"
    ]
    assert flagged('Reportedly "clean" since June.') == ["credibility.scare-quotes"]
    assert flagged("Apparently the bus was late again.") == []
    assert flagged('Apparently the "Living Well" group helped.') == []


def test_someone_called_after_a_judgement_is_a_phone_call_not_their_words(flagged):
    assert flagged("Aggressive outburst in the waiting room, police called.") == [
        "judgement.aggressive"
    ]
    assert flagged("Aggressive in the waiting room, staff say.") == []


def test_a_short_quote_after_a_verb_of_doubt_is_a_scare_quote(flagged):
    assert flagged('She claims she was "attacked" by her neighbour.') == [
        "credibility.claims",
        "credibility.scare-quotes",
    ]
    assert flagged('She says she was "attacked" by her neighbour.') == []


def test_a_spaced_hyphen_ends_a_negations_reach(flagged):
    assert flagged("Not seen today - aggressive on the phone.") == ["judgement.aggressive"]
    assert flagged("Not aggressive - calm throughout.") == []


def test_an_ing_word_before_someone_else_is_a_verb_unless_a_determiner_comes_first(flagged):
    assert flagged("He was shouting and intimidating staff in reception.") == [
        "judgement.threatening"
    ]
    assert flagged("Her demanding boss called again.") == []
    assert flagged("The hostel has very demanding staff.") == []
    assert flagged("She has a very demanding manager.") == []
