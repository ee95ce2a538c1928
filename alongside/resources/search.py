"""Finding services: full-text words plus filters by need, tag, language and area.

One small abstraction over two engines. The `search_text` column holds everything a search
looks at; on SQLite an FTS5 table mirrors it (kept by triggers, see migration 0002), on
PostgreSQL a GIN index on its `simple` tsvector serves the same query. Both match every
word as a prefix ("hous" finds "housing"), all words required.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from alongside.resources.models import (
    Facet,
    Label,
    Language,
    Need,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Tag,
)

MAX_WORDS = 8
WORD = re.compile(r"\w+", re.UNICODE)


def words_of(query: str) -> list[str]:
    """The words of what was typed, lower-cased; no operators, quotes or syntax get through."""
    return [w.casefold() for w in WORD.findall(query or "")][:MAX_WORDS]


def _matches(words: list[str]):
    """A boolean expression: this service's search text holds every word (as a prefix)."""
    if connection.vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in words)
        sql = "to_tsvector('simple', resources_service.search_text) @@ to_tsquery('simple', %s)"
    else:
        query = " ".join(f'"{w}"*' for w in words)
        sql = (
            "resources_service.id IN (SELECT rowid FROM resources_service_fts "
            "WHERE resources_service_fts MATCH %s)"
        )
    # The SQL is one of two constants; what was typed goes in only as a parameter.
    return RawSQL(sql, [query], output_field=BooleanField())  # noqa: S611


def find(services, *, words="", need="", tags=(), language="", area=""):
    """`services` (already scoped to the practice) narrowed by each filter given."""
    found = services
    terms = words_of(words)
    if terms:
        found = found.filter(_matches(terms))
    if need:
        found = found.filter(id__in=_labelled(Label.Kind.NEED, need))
    for tag in tags:
        found = found.filter(id__in=_labelled(Label.Kind.TAG, tag))
    if language:
        found = found.filter(id__in=Language.objects.filter(name=language).values("service_id"))
    if area:
        # Two subqueries, not a join: no DISTINCT over the whole result to count it.
        found = found.filter(
            Q(id__in=ServiceArea.objects.filter(name=area).values("service_id"))
            | Q(id__in=ServiceAtLocation.objects.filter(location__city=area).values("service_id"))
        )
    return found


def _labelled(kind, code):
    return Label.objects.filter(kind=kind, code=code).values("service_id")


def index_text(service: Service) -> str:
    """What a search looks at for one service: its words, its organisation's name, its needs
    and tags by name, languages, areas and towns. English labels and codes both go in, so a
    search for "immigration" finds services tagged with it."""
    labels = dict(Need.choices) | dict(Tag.choices)
    parts = [
        service.name,
        service.organization.name,
        service.description,
        service.eligibility_description,
        service.fees_description,
        service.interpretation_services,
    ]
    for label in service.labels.all():
        parts += [str(labels.get(label.code, "")), label.code.replace("_", " ")]
    parts += [lang.name for lang in service.languages.all()]
    parts += [a.name for a in service.areas.all()]
    parts += [sal.location.city for sal in service.at_locations.select_related("location")]
    return " ".join(p for p in parts if p)


def reindex(service: Service) -> None:
    """Store the search text (the triggers or the index follow the column), and offer the
    service's languages and areas in the filter menus."""
    text = index_text(service)
    Service.objects.filter(pk=service.pk).update(search_text=text)
    service.search_text = text
    languages = [lang.name for lang in service.languages.all()]
    areas = [a.name for a in service.areas.all()]
    areas += [sal.location.city for sal in service.at_locations.select_related("location")]
    _add_facets(service.practice_id, Facet.Kind.LANGUAGE, languages)
    _add_facets(service.practice_id, Facet.Kind.AREA, areas)


def _add_facets(practice_id, kind, values):
    Facet.objects.bulk_create(
        [Facet(practice_id=practice_id, kind=kind, value=v[:120]) for v in set(values) if v],
        ignore_conflicts=True,
    )


def refresh_facets(practice) -> None:
    """Rebuild the filter menus from scratch (after a bulk load)."""
    Facet.objects.filter(practice=practice).delete()
    in_practice = {"service__practice": practice}
    languages = Language.objects.filter(**in_practice).values_list("name", flat=True)
    areas = list(ServiceArea.objects.filter(**in_practice).values_list("name", flat=True))
    areas += ServiceAtLocation.objects.filter(**in_practice).values_list(
        "location__city", flat=True
    )
    _add_facets(practice.pk, Facet.Kind.LANGUAGE, set(languages))
    _add_facets(practice.pk, Facet.Kind.AREA, set(areas))


def filter_choices(practice):
    """The languages and areas the practice's directory holds, for the filter menus."""
    facets = Facet.objects.filter(practice=practice).order_by("value")
    languages = list(facets.filter(kind=Facet.Kind.LANGUAGE).values_list("value", flat=True))
    areas = list(facets.filter(kind=Facet.Kind.AREA).values_list("value", flat=True))
    return languages, areas
