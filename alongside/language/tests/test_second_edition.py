"""The classes of mistake issue 16 names, each guarded as a class rather than one sentence."""

import pytest


def _texts(checker, text):
    return [f.text for f in checker.check(text)]


# A parent or child written about bare is the client; a possessive makes them someone else.
@pytest.mark.parametrize(
    "text",
    [
        "Mum was hostile towards the health visitor.",
        "Dad claims he did not know about the bruises.",
        "The mother is resistant to advice about safe sleeping.",
        "The parents are non-compliant with the plan.",
        "The child is defiant with his foster carers.",
        "The family were non-compliant with the visit.",
    ],
)
def test_a_parent_or_child_written_about_bare_is_the_client(flagged, text):
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her partner claims the flat is too small for a cot.",
        "Her mother refused to let her stay.",
        "The midwife refused to discharge her until the paediatrician had seen the baby.",
        "The eating disorders unit refused the referral.",
    ],
)
def test_someone_else_named_as_subject_stays_quiet(flagged, text):
    assert flagged(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Per the health visitor, mum is lazy.",
        "According to the midwife, she is hostile.",
        "Client is a crackhead according to hostel staff.",
        "Mum is an inadequate parent according to the report.",
    ],
)
def test_a_named_source_is_not_the_speaker_of_the_judgement(flagged, text):
    assert flagged(text)


def test_a_judgement_reported_with_its_speaker_stays_theirs(flagged):
    assert flagged('Her GP said he is "drug-seeking", which made him angry.') == []
    assert flagged("Teachers say he is defiant in class.") == []


# Objects of refusal: medicines by name, offers and plans, not a fixed list.
@pytest.mark.parametrize(
    "text",
    [
        "Client is refusing her labetalol.",
        "He refused his aripiprazole again.",
        "She refused the offer of a home visit.",
        "He refused the naloxone kit.",
        "Client refused the interpreter offered.",
        "Medication refused by mum on the ward.",
    ],
)
def test_any_object_of_a_refusal_is_a_refusal(flagged, text):
    assert "authority.refuses" in flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "She refused the job offer.",
        "She refused to have sex with him.",
        "She refused to go back to him.",
        "The council refused her application.",
        "His asylum claim was refused by the Home Office.",
    ],
)
def test_ordinary_refusals_and_boundaries_are_not(flagged, text):
    assert "authority.refuses" not in flagged(text)


# Words between a determiner and a label, in any clause position.
@pytest.mark.parametrize(
    "text",
    [
        "The 23-year-old alcoholic mother was seen.",
        "He is a schizophrenic living in a hostel.",
        "Schizophrenic man, known to services.",
        "Hostile on arrival, shouting at reception.",
        "She is an anorexic and weighs herself daily.",
    ],
)
def test_labels_are_found_whatever_sits_around_them(flagged, text):
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mother is reportedly drinking most evenings.",
        "Dad is apparently working nights.",
        "He allegedly threatened his ex-partner.",
        "She supposedly hears a man in the radiator.",
    ],
)
def test_doubt_adverbs_before_any_verb(flagged, text):
    assert any(rule.startswith("credibility.") for rule in flagged(text))


@pytest.mark.parametrize(
    "text",
    [
        "She chose to live in a hostel rather than return home.",
        "She chooses to put herself at risk by working alone.",
        "He decided to sleep rough.",
        "She puts herself at risk by working alone.",
    ],
)
def test_a_hardship_written_as_a_choice(flagged, text):
    assert "structural.choosing-hardship" in flagged(text)


# Other senses: legal and financial, severity, names of services.
@pytest.mark.parametrize(
    "text",
    [
        "She claimed asylum at the airport in 2022.",
        "The Disability Discrimination Act claim is ongoing.",
        "Her Attendance Allowance claim was successful.",
        "The alleged offence took place outside a pub.",
        "She has an aggressive form of breast cancer.",
        "He has treatment-resistant schizophrenia.",
        "He is on the Sex Offenders Register.",
        "She was referred to the Youth Offending Team.",
        "The Troubled Families programme funded the worker.",
        "He goes to Narcotics Anonymous on Thursdays.",
        "His offender manager asked for a letter.",
    ],
)
def test_other_senses_are_not_flagged(flagged, text):
    assert flagged(text) == []


def test_justice_words_for_people_are_flagged(flagged):
    assert "labels.offender" in flagged("The offender was seen at the probation office.")
    assert "labels.prisoner" in flagged("The inmate was seen in healthcare.")


# One problem, one finding; spans on the words that carry the judgement.
def test_overlapping_findings_become_one(checker):
    found = checker.check("His urine was dirty for opiates.")
    assert len(found) == 1
    assert checker.check("He is a sweet old man who likes to sing.")[0].text == "sweet old man"


def test_spans_leave_out_the_small_words(checker):
    assert _texts(checker, "He is pleasant and chatty.") == ["pleasant"]
    assert _texts(checker, "She is an epileptic.") == ["epileptic"]


def test_unmerged_findings_keep_every_rule(checker):
    merged = checker.check("She is threatening suicide again.")
    raw = checker.check("She is threatening suicide again.", merge=False)
    assert len(merged) == 1
    assert len(raw) >= len(merged)
