"""Demo social context and formulations: invented people and events only. Called once from
alongside.demo.seed.seed(), inside its transaction."""

from django.urls import reverse

from alongside.accounts.models import User
from alongside.clients.activity import tell_therapist
from alongside.clients.models import Client
from alongside.context.models import (
    Dimension,
    Experience,
    Feedback,
    LifeDomain,
    LivedAs,
    MapEntry,
    OppressionSystem,
    Position,
    Salience,
    Visibility,
)
from alongside.context.records import (
    answer_feedback,
    formulation_for,
    save_section,
    sections_of,
)

P, M, B, N = LivedAs.PRIVILEGE, LivedAs.MARGINALISATION, LivedAs.BOTH, LivedAs.NEITHER

# therapist username: {dimension: (words, lived as, salience)}
POSITIONS = {
    "river": {
        "age": ("46, Generation X.", N, Salience.LITTLE),
        "developmental_disability": ("Not disabled in this way.", P, Salience.LITTLE),
        "acquired_disability": ("No disability. Wear glasses.", P, Salience.LITTLE),
        "religion": ("Raised Church of England, not practising.", P, Salience.LITTLE),
        "ethnicity": ("White English.", P, Salience.SOME),
        "socioeconomic": ("Middle class; own my flat; postgraduate degree.", P, Salience.SOME),
        "sexual_orientation": ("Lesbian, married.", M, Salience.A_LOT),
        "indigenous": ("Not Indigenous; settler heritage in my family.", P, Salience.LITTLE),
        "national_origin": ("British citizen by birth. English only.", P, Salience.SOME),
        "gender": ("Cisgender woman.", B, Salience.SOME),
    },
    "jo": {
        "age": ("31.", N, Salience.LITTLE),
        "ethnicity": ("British Chinese.", M, Salience.A_LOT),
        "socioeconomic": ("Grew up working class; first in family at university.", B, 2),
        "sexual_orientation": ("Queer.", M, Salience.SOME),
        "national_origin": ("Born in Hong Kong, British citizen since childhood.", B, 1),
        "gender": ("Nonbinary, they/them.", M, Salience.A_LOT),
        "acquired_disability": ("No disability.", P, Salience.LITTLE),
    },
}

# client name: list of (dimension code or custom label, words, lived as, salience, shared)
MAPS = {
    "Ash Fictional": [
        ("age", "34. Old enough to remember Section 28 at school.", N, Salience.SOME, False),
        ("gender", "Trans man. Out since 24. Men's spaces still feel borrowed.", M, 3, True),
        (
            "socioeconomic",
            "Working class, Larkfield estate. Zero-hours work.",
            M,
            3,
            True,
        ),
        ("sexual_orientation", "Gay.", M, Salience.SOME, False),
        ("ethnicity", "White British.", P, Salience.LITTLE, True),
        ("religion", "Atheist; my nan's chapel was the only place that fed us.", B, 1, False),
        ("national_origin", "British, born here. English only.", P, Salience.LITTLE, True),
        ("acquired_disability", "", "", None, False),
        ("Being a big brother", "I half raised my two sisters.", B, Salience.A_LOT, False),
    ],
    "Bea Sample": [
        ("ethnicity", "Black British, Jamaican parents. Windrush family.", M, 3, True),
        ("gender", "Woman.", M, Salience.SOME, True),
        ("age", "52. People stop seeing you.", B, Salience.SOME, True),
        ("religion", "Christian. My church is my rock.", B, Salience.A_LOT, True),
        ("socioeconomic", "Gave up my job to care for Mum. Carer's allowance.", M, 3, True),
        ("Being a carer", "Mum has dementia. I am on call all day and night.", M, 3, False),
    ],
    "Chidi Invented": [
        ("national_origin", "Nigerian. On a work visa that ties me to my employer.", M, 3, False),
        ("sexual_orientation", "Gay. Not out at work, out to friends here.", M, 3, False),
        ("ethnicity", "Black African, Igbo.", M, Salience.A_LOT, False),
        ("socioeconomic", "Master's degree, good salary, but no safety net.", B, 1, False),
        ("gender", "Man.", P, Salience.LITTLE, False),
    ],
}

# client name: list of experience dicts
EXPERIENCES = {
    "Ash Fictional": [
        dict(
            key="school",
            title="Outed at school",
            start_year=2005,
            approximate=True,
            when_words="Year 10",
            domain="education",
            systems=["cissexism", "heterosexism"],
            what_happened="A teacher read my diary out in class. Nobody stopped it.",
            impact="I stopped going in. I was marked as truant, not as someone being hurt.",
            response="I taught myself from library books and got my GCSEs at night school.",
        ),
        dict(
            key="housing",
            title="Damp flat, ignored repairs",
            start_year=2024,
            start_month=3,
            ongoing=True,
            domain="housing",
            systems=["classism", "cissexism"],
            what_happened=(
                "Mould in the bedroom. Five months of repair requests ignored. The housing "
                "officer kept using my deadname on the phone."
            ),
            impact="Chest infections. I freeze when I see their envelopes.",
            response="I keep a log of every call and my cousin comes to meetings with me.",
            visibility=Visibility.SUPERVISOR,
        ),
        dict(
            key="work",
            title="Shifts cut after transition",
            start_year=2019,
            end_year=2020,
            domain="work",
            systems=["cissexism", "classism"],
            what_happened="After I asked for my name on the rota, my hours went from 38 to 9.",
            impact="Rent arrears. Shame, though I know it was not my doing.",
            response="Joined the union. We got a written apology, not the hours.",
        ),
        dict(
            key="gp",
            title="GP said it was 'all the hormones'",
            start_year=2022,
            domain="health_care",
            systems=["cissexism", "sanism"],
            what_happened="Every health problem got put down to testosterone or to my mood.",
            impact="I stopped going to the doctor.",
            response="Found a trans-led clinic 40 miles away and go there now.",
        ),
    ],
    "Bea Sample": [
        dict(
            key="papers",
            title="Asked to prove I belong here",
            start_year=2018,
            domain="immigration",
            systems=["racism", "xenophobia", "colonialism"],
            what_happened="A new employer asked for papers for my parents' arrival in 1962.",
            impact="I felt erased. Fifty years here and still on trial.",
            response="My church helped me find the records. I spoke at a community meeting.",
            visibility=Visibility.SUPERVISOR,
        ),
        dict(
            key="care",
            title="Carer's assessment delayed",
            start_year=2023,
            ongoing=True,
            domain="income",
            systems=["sexism", "ageism", "classism"],
            what_happened="Eleven months waiting for a carer's assessment.",
            impact="No sleep. No money for respite.",
            response="I wrote to my councillor every two weeks until they answered.",
        ),
    ],
    "Chidi Invented": [
        dict(
            key="visa",
            title="Visa tied to my job",
            start_year=2021,
            ongoing=True,
            domain="immigration",
            systems=["xenophobia", "racism"],
            what_happened="If I lose this job I have 60 days to leave the country.",
            impact="I cannot complain about anything at work.",
            response="I saved three months of money and found a migrants' legal clinic.",
        ),
        dict(
            key="office",
            title="Jokes at the office",
            start_year=2023,
            approximate=True,
            domain="work",
            systems=["heterosexism", "racism"],
            what_happened="Colleagues joke about 'people like that' at lunch.",
            impact="I eat alone in my car.",
            response="I found an LGBTQ+ African group online. We meet on Sundays.",
        ),
    ],
}

FORMULATIONS = {
    "Ash Fictional": [
        (
            "happened",
            "Since school I have been punished for being who I am: outed by a teacher, "
            "shifts cut after I transitioned, a landlord who won't fix the damp and "
            "won't use my name.",
            ["school", "work", "housing"],
        ),
        (
            "affected",
            "I brace for the next blow. Envelopes make me freeze. I stopped seeing doctors.",
            ["housing", "gp"],
        ),
        (
            "sense",
            "For a long time I thought I was the problem: lazy, too much, asking for trouble.",
            [],
        ),
        (
            "survive",
            "Going quiet. Not opening post. Looking after my sisters instead of myself.",
            [],
        ),
        (
            "strengths",
            "I keep records. I got my GCSEs at night school. The union. My cousin. My sisters.",
            ["school", "work"],
        ),
        ("story", "", []),
        ("problem_name", "The Brace.", []),
        ("problem_effects", "The Brace keeps me from opening letters and seeing doctors.", []),
        ("unique_outcomes", "The day I walked into the union office anyway.", ["work"]),
    ],
    "Bea Sample": [
        (
            "happened",
            "Bea's family came with Windrush. She has been asked to prove she belongs, and "
            "she has carried her mother's care alone while services kept her waiting.",
            ["papers", "care"],
        ),
        ("affected", "Exhaustion. Feeling erased and on trial.", []),
        ("strengths", "Her church, her voice at the community meeting, her persistence.", []),
    ],
    "Chidi Invented": [
        (
            "happened",
            "A visa that ties Chidi to one employer, in an office where jokes target who he is.",
            ["visa", "office"],
        ),
        ("survive", "Staying silent at work. Eating alone. Saving money as a safety net.", []),
    ],
}


def seed(practice):
    therapists = {u.username: u for u in User.objects.filter(practice=practice)}
    dimensions = {d.code: d for d in Dimension.objects.filter(practice__isnull=True)}
    domains = {d.code: d for d in LifeDomain.objects.filter(practice__isnull=True)}
    systems = {s.code: s for s in OppressionSystem.objects.filter(practice__isnull=True)}
    for username, rows in POSITIONS.items():
        for code, (words, lived, salience) in rows.items():
            Position.objects.create(
                therapist=therapists[username],
                dimension=dimensions[code],
                words=words,
                lived_as=lived,
                salience=salience,
                share_with_supervisor=True,
                share_with_clients=code in {"ethnicity", "gender", "socioeconomic"},
                updated_by=therapists[username],
            )
    clients = {c.chosen_name: c for c in Client.objects.filter(practice=practice)}
    for name, rows in MAPS.items():
        _map(clients[name], rows, dimensions)
    for name, rows in EXPERIENCES.items():
        made = _experiences(clients[name], rows, domains, systems)
        _formulation(clients[name], FORMULATIONS.get(name, []), made)
    _ash_talks_back(clients["Ash Fictional"])


def _map(client, rows, dimensions):
    author = client.user or client.therapist
    for label, words, lived, salience, shared in rows:
        entry = MapEntry.objects.create(
            client=client,
            dimension=dimensions.get(label),
            custom_label="" if label in dimensions else label,
            words=words,
            lived_as=lived,
            salience=salience,
            prefer_not_to_say=not words and not lived,
            visibility=Visibility.SUPERVISOR if shared else Visibility.PRIVATE,
            updated_by=author,
        )
        entry.versions.create(
            number=1,
            custom_label=entry.custom_label,
            words=words,
            lived_as=lived,
            salience=salience,
            prefer_not_to_say=entry.prefer_not_to_say,
            visibility=entry.visibility,
            author=author,
        )


def _experiences(client, rows, domains, systems):
    made = {}
    for row in rows:
        row = dict(row)
        key, codes = row.pop("key"), row.pop("systems")
        row["domain"] = domains[row["domain"]]
        experience = Experience.objects.create(client=client, created_by=client.therapist, **row)
        experience.systems.set([systems[c] for c in codes])
        made[key] = experience
    return made


def _formulation(client, rows, experiences):
    sections = sections_of(formulation_for(client))
    for key, text, linked in rows:
        if text:
            section = sections[key]
            save_section(
                client.therapist,
                section,
                text,
                section.version,
                experiences=[experiences[k] for k in linked],
            )


def _ash_talks_back(client):
    """Ash comments, proposes a change that River accepts, and disagrees on one part."""
    formulation = formulation_for(client)
    sections = sections_of(formulation)
    river, ash = client.therapist, client.user
    formulation.visibility = Visibility.SUPERVISOR
    formulation.save(update_fields=["visibility"])
    # A second version of one section, so versions can be compared.
    save_section(
        river,
        sections["sense"],
        "For a long time Ash thought he was the problem: lazy, too much, asking for "
        "trouble. He now calls that 'the voice of the housing office'.",
        sections["sense"].version,
    )
    comment = Feedback.objects.create(
        formulation=formulation,
        section="strengths",
        kind=Feedback.Kind.COMMENT,
        text="Add my nan. She taught me to keep receipts for everything.",
        author=ash,
        section_version=sections["strengths"].version,
    )
    answer_feedback(river, comment, "Thank you. Shall we write her in together next week?")
    disagreement = Feedback.objects.create(
        formulation=formulation,
        section="survive",
        kind=Feedback.Kind.PROPOSAL,
        text="It wasn't only going quiet. It was planning.",
        proposed_text=(
            "Going quiet so nobody could use my words against me. Keeping my head down while "
            "I planned the next move. Putting my sisters first because they needed me."
        ),
        author=ash,
        section_version=sections["survive"].version,
    )
    answer_feedback(
        river,
        disagreement,
        "I hear the planning. I still think not opening post cost you; can we keep both?",
    )
    Feedback.objects.create(
        formulation=formulation,
        section="sense",
        kind=Feedback.Kind.DOESNT_FIT,
        text="'The voice of the housing office' is your phrase, not mine. I call it the Brace.",
        author=ash,
        section_version=sections["sense"].version,
    )
    url = reverse("context:formulation", args=[client.pk])
    tell_therapist(
        client,
        kind="formulation_proposal",
        summary="proposed a change to the formulation",
        url=f"{url}#feedback-{disagreement.pk}",
    )
    tell_therapist(
        client,
        kind="formulation_doesnt_fit",
        summary="said part of the formulation doesn't fit",
        url=f"{url}#section-sense",
    )
