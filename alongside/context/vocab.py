"""The shipped vocabularies: ADDRESSING dimensions, life domains and systems of oppression.

They are rows in tables (a practice can add its own), filled by a data migration from the
lists below. Labels of shipped rows are translated through these lists; a practice's own
rows show the label it typed.
"""

from django.utils.translation import gettext_lazy as _

# (code, label, help for the person filling it in)
DIMENSIONS = [
    ("age", _("Age and generation"), _("Your age, or the generation you belong to.")),
    (
        "developmental_disability",
        _("Developmental disability or neurodivergence"),
        _("Anything present from birth or childhood, e.g. autism, a learning disability."),
    ),
    (
        "acquired_disability",
        _("Acquired disability or long-term illness"),
        _("Disability, illness or injury that came later in life."),
    ),
    ("religion", _("Religion and spirituality"), _("Faith, spirituality, or none.")),
    ("ethnicity", _("Ethnic and racial identity"), _("How you describe your ethnicity or race.")),
    (
        "socioeconomic",
        _("Class and money"),
        _("Socioeconomic status: money, work, housing, education, class background."),
    ),
    ("sexual_orientation", _("Sexual orientation"), _("Who you love or are attracted to.")),
    (
        "indigenous",
        _("Indigenous heritage"),
        _("Belonging to a people who lived on land before colonisation."),
    ),
    (
        "national_origin",
        _("National origin, migration and language"),
        _("Where you or your family come from, citizenship, languages you speak."),
    ),
    ("gender", _("Gender"), _("Your gender, in your words.")),
]

DOMAINS = [
    ("housing", _("Housing")),
    ("work", _("Work")),
    ("income", _("Income and benefits")),
    ("health_care", _("Health care")),
    ("education", _("Education")),
    ("policing", _("Policing and courts")),
    ("immigration", _("Immigration")),
    ("family", _("Family")),
    ("community", _("Community")),
    ("online", _("Online")),
    ("this_service", _("This therapy or service")),
]

SYSTEMS = [
    ("racism", _("Racism")),
    ("sexism", _("Sexism")),
    ("ableism", _("Ableism")),
    ("heterosexism", _("Heterosexism")),
    ("cissexism", _("Cissexism and transphobia")),
    ("classism", _("Classism")),
    ("ageism", _("Ageism")),
    ("xenophobia", _("Xenophobia")),
    ("religious", _("Religious discrimination")),
    ("colonialism", _("Colonialism")),
    ("sanism", _("Sanism")),
    ("fatphobia", _("Fatphobia")),
    ("other", _("Something else")),
]

SHIPPED_LABELS = {
    "dimension": {code: label for code, label, _help in DIMENSIONS},
    "domain": dict(DOMAINS),
    "system": dict(SYSTEMS),
}
SHIPPED_HELP = {code: help_text for code, _label, help_text in DIMENSIONS}


def ensure_shipped():
    """Put the shipped rows back if they are missing (the data migration adds them; a
    database flush, as browser tests do, removes them). Keeps any label a practice changed."""
    from alongside.context.models import Dimension, LifeDomain, OppressionSystem

    tables = [
        (Dimension, [(code, label) for code, label, _help in DIMENSIONS]),
        (LifeDomain, DOMAINS),
        (OppressionSystem, SYSTEMS),
    ]
    for model, rows in tables:
        for order, (code, label) in enumerate(rows, start=1):
            model.objects.get_or_create(code=code, defaults={"label": str(label), "order": order})
