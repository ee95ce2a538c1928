"""Fill the shipped vocabularies. The lists are copied here, not imported, so this
migration keeps meaning what it meant when it was written."""

from django.db import migrations

DIMENSIONS = [
    ("age", "Age and generation"),
    ("developmental_disability", "Developmental disability or neurodivergence"),
    ("acquired_disability", "Acquired disability or long-term illness"),
    ("religion", "Religion and spirituality"),
    ("ethnicity", "Ethnic and racial identity"),
    ("socioeconomic", "Class and money"),
    ("sexual_orientation", "Sexual orientation"),
    ("indigenous", "Indigenous heritage"),
    ("national_origin", "National origin, migration and language"),
    ("gender", "Gender"),
]
DOMAINS = [
    ("housing", "Housing"),
    ("work", "Work"),
    ("income", "Income and benefits"),
    ("health_care", "Health care"),
    ("education", "Education"),
    ("policing", "Policing and courts"),
    ("immigration", "Immigration"),
    ("family", "Family"),
    ("community", "Community"),
    ("online", "Online"),
    ("this_service", "This therapy or service"),
]
SYSTEMS = [
    ("racism", "Racism"),
    ("sexism", "Sexism"),
    ("ableism", "Ableism"),
    ("heterosexism", "Heterosexism"),
    ("cissexism", "Cissexism and transphobia"),
    ("classism", "Classism"),
    ("ageism", "Ageism"),
    ("xenophobia", "Xenophobia"),
    ("religious", "Religious discrimination"),
    ("colonialism", "Colonialism"),
    ("sanism", "Sanism"),
    ("fatphobia", "Fatphobia"),
    ("other", "Something else"),
]
TABLES = [("Dimension", DIMENSIONS), ("LifeDomain", DOMAINS), ("OppressionSystem", SYSTEMS)]


def fill(apps, schema_editor):
    for model_name, rows in TABLES:
        model = apps.get_model("context", model_name)
        for order, (code, label) in enumerate(rows, start=1):
            model.objects.update_or_create(code=code, defaults={"label": label, "order": order})


def empty(apps, schema_editor):
    for model_name, rows in TABLES:
        model = apps.get_model("context", model_name)
        model.objects.filter(code__in=[code for code, _ in rows], practice__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("context", "0001_initial")]

    operations = [migrations.RunPython(fill, empty)]
