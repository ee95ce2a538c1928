"""The social-context map pages, for each role."""

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity
from alongside.context.models import Dimension, MapEntry, Visibility
from alongside.context.tests import objects

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    base = {"salience": "", "lived_as": "", "visibility": "private", "version": 1}
    base.update(data)
    return client.post(url, base)


def test_the_therapist_adds_an_entry_in_the_clients_words(client, cast):
    client.force_login(cast.river)
    url = reverse("context:map_add", args=[cast.client.pk])
    response = _post(
        client, url, dimension="gender", words="Trans man", lived_as="marginalisation", salience=3
    )
    assert response.status_code == 302
    entry = MapEntry.objects.get(client=cast.client)
    assert (entry.dimension.code, entry.words, entry.salience) == ("gender", "Trans man", 3)
    assert entry.versions.count() == 1
    assert AuditEvent.objects.filter(object_type="map_entry", action="create").exists()
    body = client.get(reverse("context:map", args=[cast.client.pk])).content.decode()
    assert "Trans man" in body and "Marginalisation" in body


def test_an_unknown_dimension_code_gets_a_message_next_to_the_field(client, cast):
    client.force_login(cast.river)
    response = _post(
        client,
        reverse("context:map_add", args=[cast.client.pk]),
        dimension="astrology",
        words="Leo rising",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "id_dimension_errors" in body and "astrology" in body
    assert "Leo rising" in body  # what was typed is kept
    assert not MapEntry.objects.exists()


def test_over_long_words_get_a_clear_message_and_are_kept(client, cast):
    client.force_login(cast.client_user)
    words = "w" * 1001
    response = _post(client, reverse("context:my_map_add"), dimension="age", words=words)
    body = response.content.decode()
    assert response.status_code == 200
    assert "id_words_errors" in body and "at most 1000 characters" in body
    assert words in body


def test_a_second_entry_for_the_same_dimension_is_refused(client, cast):
    client.force_login(cast.client_user)
    _post(client, reverse("context:my_map_add"), dimension="age", words="34")
    response = _post(client, reverse("context:my_map_add"), dimension="age", words="35")
    assert "already on the map" in response.content.decode()
    assert MapEntry.objects.count() == 1


def test_a_custom_dimension_needs_a_name(client, cast):
    client.force_login(cast.client_user)
    response = _post(client, reverse("context:my_map_add"), words="I care for my mum")
    assert "give it a name here" in response.content.decode()
    _post(client, reverse("context:my_map_add"), custom_label="Being a carer", words="Mum")
    assert MapEntry.objects.get().label == "Being a carer"


def test_the_client_edits_their_own_entry_and_the_therapist_hears_of_it(client, cast):
    entry = objects.map_entry(cast, visibility=Visibility.PRIVATE)
    client.force_login(cast.client_user)
    response = _post(
        client,
        reverse("context:my_map_edit", args=[entry.pk]),
        words="A carer, and proud",
        custom_label="Being a carer",
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.words, entry.version) == ("A carer, and proud", 2)
    activity = ClientActivity.objects.get(client=cast.client)
    assert activity.summary == "changed their social-context map"
    assert "proud" not in activity.summary
    client.force_login(cast.river)
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert "1 new from client" in caseload


def test_changing_a_listed_part_does_not_ask_to_name_it_again(client, cast):
    entry = objects.map_entry(cast, custom_label="", dimension=Dimension.objects.get(code="gender"))
    client.force_login(cast.client_user)
    page = client.get(reverse("context:my_map_edit", args=[entry.pk])).content.decode()
    assert "Name of this part of you" not in page
    response = _post(client, reverse("context:my_map_edit", args=[entry.pk]), words="Trans man")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.words, entry.dimension.code) == ("Trans man", "gender")


def test_a_part_named_by_the_client_can_still_be_renamed(client, cast):
    entry = objects.map_entry(cast)
    client.force_login(cast.client_user)
    page = client.get(reverse("context:my_map_edit", args=[entry.pk])).content.decode()
    assert "Name of this part of you" in page


def test_history_keeps_earlier_words_viewable(client, cast):
    entry = objects.map_entry(cast)
    client.force_login(cast.client_user)
    _post(
        client,
        reverse("context:my_map_edit", args=[entry.pk]),
        words="NEWER-WORDS",
        custom_label="Being a carer",
    )
    for who, url in [
        (cast.client_user, reverse("context:my_map_history", args=[entry.pk])),
        (cast.river, reverse("context:map_history", args=[cast.client.pk, entry.pk])),
    ]:
        client.force_login(who)
        body = client.get(url).content.decode()
        assert "CANARY-MAP-WORDS" in body and "NEWER-WORDS" in body


def test_once_the_client_prefers_not_to_say_only_they_read_the_old_words(client, cast):
    entry = objects.map_entry(cast)
    client.force_login(cast.client_user)
    _post(
        client,
        reverse("context:my_map_edit", args=[entry.pk]),
        prefer_not_to_say="on",
        custom_label="Being a carer",
        visibility="supervisor",
    )
    body = client.get(reverse("context:my_map_history", args=[entry.pk])).content.decode()
    assert "CANARY-MAP-WORDS" in body
    for who in (cast.river, cast.sam):
        client.force_login(who)
        url = reverse("context:map_history", args=[cast.client.pk, entry.pk])
        body = client.get(url).content.decode()
        assert "CANARY-MAP-WORDS" not in body and "words not shown" in body


def test_the_supervisor_sees_only_entries_the_client_shared(client, cast):
    objects.map_entry(cast, visibility=Visibility.SUPERVISOR, words="SHARED-WORDS")
    objects.map_entry(cast, visibility=Visibility.PRIVATE, words="PRIVATE-WORDS", custom_label="x")
    client.force_login(cast.sam)
    body = client.get(reverse("context:map", args=[cast.client.pk])).content.decode()
    assert "SHARED-WORDS" in body and "PRIVATE-WORDS" not in body
    assert "Add to the map" not in body


@pytest.mark.parametrize("who", ["admin", "superuser", "colleague", "other_supervisor"])
def test_everyone_else_gets_404_on_the_map(client, cast, who):
    objects.map_entry(cast)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("context:map", args=[cast.client.pk])).status_code == 404


def test_a_client_cannot_open_another_clients_entry(client, cast):
    entry = objects.map_entry(cast)
    client.force_login(cast.other_client_user)
    assert client.get(reverse("context:my_map_edit", args=[entry.pk])).status_code == 404
    response = _post(client, reverse("context:my_map_edit", args=[entry.pk]), words="hijack")
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.words == "CANARY-MAP-WORDS"


def test_a_stale_map_edit_shows_both_versions(client, cast):
    entry = objects.map_entry(cast)
    client.force_login(cast.client_user)
    url = reverse("context:my_map_edit", args=[entry.pk])
    _post(client, url, words="FIRST-SAVE", custom_label="Being a carer", version=1)
    response = _post(client, url, words="SECOND-TAB", custom_label="Being a carer", version=1)
    body = response.content.decode()
    assert "Someone else saved this part of the map" in body
    assert "FIRST-SAVE" in body and "SECOND-TAB" in body
    entry.refresh_from_db()
    assert entry.words == "FIRST-SAVE"
