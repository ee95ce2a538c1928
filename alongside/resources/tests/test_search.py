"""Search and filters over the directory, on whichever database the suite runs on (the CI
runs it on SQLite with FTS5 and on PostgreSQL with its full-text search)."""

import pytest

from alongside.accounts.models import Practice
from alongside.resources.build import add_service
from alongside.resources.models import Service
from alongside.resources.search import find, words_of


@pytest.fixture
def directory(db):
    practice = Practice.objects.create(name="P")
    add_service(
        practice,
        "Tenants' Union Advice Line",
        needs=["housing", "legal"],
        tags=["free"],
        languages=["English", "Arabic"],
        areas=["Riverside"],
        description="Help with repairs, evictions and deposits.",
    )
    add_service(
        practice,
        "Migrant Rights Drop-in",
        needs=["immigration", "legal"],
        tags=["no_immigration_checks", "migrant"],
        languages=["Arabic", "Tigrinya"],
        city="Northtown",
    )
    add_service(
        practice,
        "Trans Peer Circle",
        needs=["peer"],
        tags=["trans_led", "lgbtq", "peer_run"],
        languages=["English"],
        areas=["Riverside"],
    )
    elsewhere = Practice.objects.create(name="Q")
    add_service(elsewhere, "Other practice's housing desk", needs=["housing"])
    return Service.objects.filter(practice=practice)


def names(services):
    return sorted(s.name for s in services)


def test_words_match_as_prefixes_and_all_are_needed(directory):
    assert names(find(directory, words="evict")) == ["Tenants' Union Advice Line"]
    assert names(find(directory, words="repairs deposits")) == ["Tenants' Union Advice Line"]
    assert names(find(directory, words="repairs tigrinya")) == []


def test_words_find_needs_tags_languages_and_places_by_name(directory):
    assert names(find(directory, words="immigration checks")) == ["Migrant Rights Drop-in"]
    assert names(find(directory, words="northtown")) == ["Migrant Rights Drop-in"]
    assert names(find(directory, words="trans-led")) == ["Trans Peer Circle"]


def test_a_need_and_a_language_narrow_the_list(directory):
    assert names(find(directory, need="legal", language="Arabic")) == [
        "Migrant Rights Drop-in",
        "Tenants' Union Advice Line",
    ]
    assert names(find(directory, need="housing", language="Tigrinya")) == []


def test_every_tag_chosen_must_be_there(directory):
    assert names(find(directory, tags=["lgbtq", "peer_run"])) == ["Trans Peer Circle"]
    assert names(find(directory, tags=["lgbtq", "free"])) == []


def test_an_area_matches_the_service_area_or_the_town(directory):
    assert names(find(directory, area="Riverside")) == [
        "Tenants' Union Advice Line",
        "Trans Peer Circle",
    ]
    assert names(find(directory, area="Northtown")) == ["Migrant Rights Drop-in"]


def test_search_stays_in_the_practice_it_was_given(directory):
    assert "Other practice's housing desk" not in names(find(directory, words="housing"))


@pytest.mark.parametrize(
    "typed", ['"', "*", "NEAR(a b)", "a OR b", "') OR 1=1 --", "housing:*", "&|!", "   "]
)
def test_query_syntax_typed_into_the_box_is_only_words(directory, typed):
    list(find(directory, words=typed))  # no database error


def test_words_are_lowercased_and_capped():
    assert words_of("Housing  LEGAL-aid") == ["housing", "legal", "aid"]
    assert len(words_of(" ".join(["w"] * 50))) == 8


def test_an_edit_is_found_under_its_new_words(directory):
    from alongside.resources.search import reindex

    service = directory.get(name="Trans Peer Circle")
    service.description = "Monthly picnic"
    service.save()
    reindex(service)
    assert names(find(directory, words="picnic")) == ["Trans Peer Circle"]
    service.delete()
    assert names(find(directory, words="picnic")) == []
