"""Every save is a version; versions are immutable; stale saves are refused."""

import pytest

from alongside.audit.models import AuditEvent
from alongside.context.forms import MapEntryForm
from alongside.context.models import FormulationVersion, MapEntryVersion
from alongside.context.records import (
    StaleEdit,
    formulation_for,
    save_map_entry,
    save_section,
    sections_of,
)

pytestmark = pytest.mark.django_db


def _map_form(cast, data, entry=None):
    base = {"salience": "", "lived_as": "", "visibility": "private", "version": 1}
    base.update(data)
    return MapEntryForm(base, instance=entry, practice=cast.practice, owner=cast.client)


def test_each_save_of_a_map_entry_keeps_a_version(cast):
    form = _map_form(
        cast, {"dimension": "gender", "words": "Trans man", "lived_as": "marginalisation"}
    )
    assert form.is_valid(), form.errors
    entry = save_map_entry(cast.client_user, cast.client, form)
    form = _map_form(cast, {"words": "Trans man, out since 24", "version": 1}, entry)
    assert form.is_valid(), form.errors
    save_map_entry(cast.client_user, cast.client, form)
    entry.refresh_from_db()
    assert entry.version == 2
    words = list(entry.versions.order_by("number").values_list("number", "words"))
    assert words == [(1, "Trans man"), (2, "Trans man, out since 24")]


def test_a_stale_map_save_is_refused_and_changes_nothing(cast):
    form = _map_form(cast, {"dimension": "age", "words": "34"})
    assert form.is_valid()
    entry = save_map_entry(cast.river, cast.client, form)
    newer = _map_form(cast, {"words": "35", "version": 1}, entry)
    assert newer.is_valid()
    save_map_entry(cast.client_user, cast.client, newer)
    stale = _map_form(cast, {"words": "thirty-four", "version": 1}, entry)
    assert stale.is_valid()
    with pytest.raises(StaleEdit):
        save_map_entry(cast.river, cast.client, stale)
    entry.refresh_from_db()
    assert entry.words == "35"
    assert entry.versions.count() == 2


def test_prefer_not_to_say_drops_the_words_but_keeps_the_history(cast):
    form = _map_form(cast, {"dimension": "religion", "words": "Quaker"})
    assert form.is_valid()
    entry = save_map_entry(cast.client_user, cast.client, form)
    form = _map_form(cast, {"words": "Quaker", "prefer_not_to_say": "on", "version": 1}, entry)
    assert form.is_valid()
    save_map_entry(cast.client_user, cast.client, form)
    entry.refresh_from_db()
    assert entry.words == ""
    assert entry.versions.get(number=1).words == "Quaker"


def test_versions_cannot_be_changed_or_deleted(cast):
    form = _map_form(cast, {"dimension": "gender", "words": "x"})
    assert form.is_valid()
    entry = save_map_entry(cast.river, cast.client, form)
    version = MapEntryVersion.objects.get(entry=entry)
    version.words = "rewritten"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()


def test_each_section_save_snapshots_the_whole_formulation(cast):
    sections = sections_of(formulation_for(cast.client))
    save_section(cast.river, sections["happened"], "Evicted.", 0)
    save_section(cast.river, sections["strengths"], "Keeps records.", 0)
    save_section(cast.river, sections["happened"], "Evicted twice.", 1)
    versions = list(FormulationVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].texts == {"happened": "Evicted.", "strengths": "Keeps records."}
    assert versions[2].texts == {"happened": "Evicted twice.", "strengths": "Keeps records."}
    assert [v.section for v in versions] == ["happened", "strengths", "happened"]


def test_a_stale_section_save_is_refused_and_the_saved_text_stays(cast):
    sections = sections_of(formulation_for(cast.client))
    save_section(cast.river, sections["sense"], "First", 0)
    stale = sections_of(formulation_for(cast.client))["sense"]
    stale.version = 0
    with pytest.raises(StaleEdit):
        save_section(cast.river, stale, "Second", 0)
    fresh = sections_of(formulation_for(cast.client))["sense"]
    assert (fresh.text, fresh.version) == ("First", 1)
    assert FormulationVersion.objects.count() == 1


def test_formulation_text_is_encrypted_at_rest_and_audits_carry_no_text(cast):
    from django.db import connection

    sections = sections_of(formulation_for(cast.client))
    save_section(cast.river, sections["story"], "PLAINTEXT-CANARY", 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM context_formulationsection WHERE key = 'story'")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT snapshot FROM context_formulationversion")
        (snapshot,) = cursor.fetchone()
    assert "PLAINTEXT-CANARY" not in stored
    assert "PLAINTEXT-CANARY" not in snapshot
    event = AuditEvent.objects.filter(object_type="formulation").last()
    assert event.client_id == cast.client.pk
    assert "PLAINTEXT" not in str(event.__dict__)
