"""Positionality, the power map page (picture plus text equivalent), and the take-home PDF."""

import pytest
from django.urls import reverse

from alongside.context.models import Dimension, MapEntry, Position, PowerReflection, Visibility
from alongside.context.records import formulation_for, save_section, sections_of
from alongside.context.views.pdf import take_home_html

pytestmark = pytest.mark.django_db


def _gender_gap(cast, client_visibility=Visibility.PRIVATE, shared=False):
    gender = Dimension.objects.get(code="gender")
    MapEntry.objects.create(
        client=cast.client,
        dimension=gender,
        lived_as="marginalisation",
        words="Trans man",
        visibility=client_visibility,
    )
    Position.objects.create(
        therapist=cast.river,
        dimension=gender,
        lived_as="privilege",
        words="Cis woman",
        share_with_supervisor=shared,
        share_with_clients=shared,
    )


def test_the_therapist_fills_in_their_positionality(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("context:position_add"),
        {
            "dimension": "ethnicity",
            "words": "White English",
            "lived_as": "privilege",
            "salience": 1,
            "version": 1,
        },
    )
    assert response.status_code == 302
    position = Position.objects.get(therapist=cast.river)
    assert position.dimension.code == "ethnicity"
    body = client.get(reverse("context:positionality")).content.decode()
    assert "White English" in body and "Private to me." in body
    url = reverse("context:position_edit", args=[position.pk])
    data = {
        "words": "White English, middle class",
        "lived_as": "privilege",
        "salience": 1,
        "version": 1,
        "share_with_supervisor": "on",
    }
    assert client.post(url, data).status_code == 302
    position.refresh_from_db()
    assert (position.words, position.share_with_supervisor, position.version) == (
        "White English, middle class",
        True,
        2,
    )


def test_another_therapist_cannot_open_my_positionality(client, cast):
    position = Position.objects.create(therapist=cast.river, custom_label="x")
    client.force_login(cast.colleague)
    assert client.get(reverse("context:position_edit", args=[position.pk])).status_code == 404


def test_the_power_map_has_an_accessible_picture_and_a_table_equivalent(client, cast):
    _gender_gap(cast)
    client.force_login(cast.river)
    body = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert '<svg role="img" aria-labelledby="pm-title pm-desc"' in body
    assert '<title id="pm-title">' in body
    assert "The therapist holds privilege the client does not in: Gender." in body
    table = body.split('<table class="power-table">', 1)[1].split("</table>", 1)[0]
    assert "<caption>" in table
    gender_row = table.split("Gender", 1)[1].split("</tr>", 1)[0]
    assert "Marginalisation" in gender_row and "Privilege" in gender_row
    assert "Therapist holds privilege the client does not" in gender_row
    assert 'class="pm-gap"' in body
    assert "Where do you hold privilege that this client does not?" in body


def test_the_supervisor_sees_the_power_map_only_with_what_both_shared(client, cast):
    _gender_gap(cast)
    client.force_login(cast.sam)
    body = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert "Therapist holds privilege the client does not</strong>" not in body
    assert "Save my reflection" not in body
    MapEntry.objects.update(visibility=Visibility.SUPERVISOR)
    Position.objects.update(share_with_supervisor=True)
    body = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert "Therapist holds privilege the client does not</strong>" in body


def test_the_reflection_is_saved_privately(client, cast):
    client.force_login(cast.river)
    url = reverse("context:reflection", args=[cast.client.pk])
    assert client.post(url, {"text": "MY-REFLECTION", "version": 1}).status_code == 302
    assert PowerReflection.objects.get().text == "MY-REFLECTION"
    body = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert "MY-REFLECTION" in body
    client.force_login(cast.sam)
    body = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert "MY-REFLECTION" not in body


def test_the_client_sees_the_power_map_with_what_the_therapist_shared(client, cast):
    _gender_gap(cast, shared=False)
    client.force_login(cast.client_user)
    body = client.get(reverse("context:my_power_map")).content.decode()
    assert "has not shared their own map with you yet" in body
    Position.objects.update(share_with_clients=True)
    body = client.get(reverse("context:my_power_map")).content.decode()
    # Said to the client as "you" (issue 20), never "the client".
    assert "Your therapist holds privilege you do not</strong>" in body
    assert "Power map: you and your therapist" in body
    assert "the client" not in body.lower()


def _story(cast):
    sections = sections_of(formulation_for(cast.client))
    save_section(cast.river, sections["happened"], "HAPPENED-TEXT", 0)
    MapEntry.objects.create(
        client=cast.client, dimension=Dimension.objects.get(code="age"), words="AGE-WORDS"
    )
    MapEntry.objects.create(
        client=cast.client,
        dimension=Dimension.objects.get(code="religion"),
        words="HIDDEN-WORDS",
        prefer_not_to_say=True,
    )
    PowerReflection.objects.create(client=cast.client, author=cast.river, text="REFLECTION")
    Position.objects.create(therapist=cast.river, custom_label="x", words="POSITION-WORDS")


def test_the_take_home_copy_has_the_story_and_map_but_nothing_therapist_private(cast):
    _story(cast)
    cast.client.pronouns = "he/they"
    cast.client.save()
    html = take_home_html(cast.client, cast.client_user)
    assert "Ash Canary" in html and "he/they" in html
    assert "HAPPENED-TEXT" in html and "AGE-WORDS" in html
    for private in ("REFLECTION", "POSITION-WORDS", "HIDDEN-WORDS"):
        assert private not in html


def test_the_client_downloads_a_pdf_even_with_a_non_latin_name(client, cast):
    _story(cast)
    cast.client.chosen_name = "Ђорђе Łukasz أحمد"
    cast.client.save()
    client.force_login(cast.client_user)
    response = client.get(reverse("context:my_take_home"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    from alongside.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="export", client_id=cast.client.pk).exists()


def test_without_weasyprint_the_client_gets_a_plain_explanation(client, cast, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    client.force_login(cast.client_user)
    response = client.get(reverse("context:my_take_home"))
    assert response.status_code == 503
    assert "not available right now" in response.content.decode()


def test_both_and_neither_are_told_apart_and_not_known_clears_the_markers(client, cast):
    import re

    age, gender = Dimension.objects.get(code="age"), Dimension.objects.get(code="gender")
    MapEntry.objects.create(client=cast.client, dimension=age, lived_as="both", words="x")
    Position.objects.create(therapist=cast.river, dimension=age, lived_as="neither", words="y")
    MapEntry.objects.create(client=cast.client, dimension=gender, lived_as="both", words="z")
    client.force_login(cast.river)
    svg = client.get(reverse("context:power_map", args=[cast.client.pk])).content.decode()
    assert 'class="pm-word">both</text>' in svg and 'class="pm-word">neither</text>' in svg
    # "not known" sits below the client's marker, not on it.
    circles = [
        float(y)
        for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)" r="7" class="pm-client"', svg)
    ]
    unknown = [
        float(y) for y in re.findall(r'y="([\d.]+)" text-anchor="end" class="pm-unknown"', svg)
    ]
    assert unknown and all(u - 10 > max(c for c in circles if c < u) + 7 for u in unknown)
