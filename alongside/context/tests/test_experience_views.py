"""Experiences of oppression: adding, bad input, and the filterable timeline."""

import re

import pytest
from django.urls import reverse

from alongside.context.models import Experience, LifeDomain, OppressionSystem, Visibility
from alongside.context.tests import objects

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "Refused a flat",
    "start_year": "2019",
    "start_month": "4",
    "end_year": "",
    "end_month": "",
    "domain": "housing",
    "systems": ["racism", "classism"],
    "what_happened": "The agent said the flat was gone, then showed it to my white friend.",
    "impact": "I stopped trusting agents.",
    "response": "Reported it to the council's housing team.",
    "visibility": "private",
    "version": 1,
}


def _add(client, cast, **changes):
    data = dict(GOOD)
    data.update(changes)
    return client.post(reverse("context:experience_add", args=[cast.client.pk]), data)


def test_the_therapist_adds_an_experience_with_several_systems(client, cast):
    client.force_login(cast.river)
    assert _add(client, cast).status_code == 302
    experience = Experience.objects.get()
    assert experience.domain.code == "housing"
    assert {s.code for s in experience.systems.all()} == {"racism", "classism"}
    assert experience.period == "April 2019"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start_year": "20x9"}, "start_year", "four digits"),
        ({"start_year": "1850"}, "start_year", "between 1900 and"),
        ({"start_year": "2020", "end_year": "2018"}, "end_year", "before the start"),
        ({"start_year": "", "start_month": "3"}, "start_year", "Add the year too"),
        ({"start_month": "13"}, "start_month", "valid choice"),
        ({"domain": "moon"}, "domain", "know the code"),
        ({"systems": ["racism", "zodiacism"]}, "systems", "know the code"),
        ({"systems": ["other"], "systems_other": ""}, "systems_other", "which other system"),
        ({"what_happened": "x" * 5001}, "what_happened", "at most 5000 characters"),
        ({"what_happened": ""}, "what_happened", "required"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_keeps_what_was_typed(
    client, cast, changes, field, message
):
    client.force_login(cast.river)
    response = _add(client, cast, impact="TYPED-IMPACT", **changes)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_errors"' in body
    errors = body.split(f'id="id_{field}_errors"', 1)[1].split("</ul>", 1)[0]
    assert message in errors
    assert "TYPED-IMPACT" in body
    assert not Experience.objects.exists()


def test_approximate_and_ongoing_periods_read_plainly(cast):
    experience = objects.experience(cast, start_year=2020, approximate=True, ongoing=True)
    assert experience.period == "about 2020 until now"
    undated = objects.experience(cast, start_year=None, when_words="when I was a teenager")
    assert undated.period == "when I was a teenager"


def test_the_timeline_is_in_date_order_and_filters_by_system_and_domain(client, cast):
    later = objects.experience(cast, title="LATER-ONE", start_year=2023)
    earlier = objects.experience(
        cast, title="EARLIER-ONE", start_year=2001, domain=LifeDomain.objects.get(code="work")
    )
    later.systems.set([OppressionSystem.objects.get(code="racism")])
    earlier.systems.set([OppressionSystem.objects.get(code="ageism")])
    client.force_login(cast.river)
    url = reverse("context:timeline", args=[cast.client.pk])
    body = client.get(url).content.decode()
    assert body.index("EARLIER-ONE") < body.index("LATER-ONE")
    body = client.get(url, {"system": "racism"}).content.decode()
    assert "LATER-ONE" in body and "EARLIER-ONE" not in body
    body = client.get(url, {"domain": "work"}).content.decode()
    assert "EARLIER-ONE" in body and "LATER-ONE" not in body
    body = client.get(url, {"domain": "work", "system": "racism"}).content.decode()
    assert "Nothing matches" in body


def test_a_practice_can_add_its_own_vocabulary(client, cast):
    LifeDomain.objects.create(code="transport", label="Public transport", practice=cast.practice)
    client.force_login(cast.river)
    assert _add(client, cast, domain="transport").status_code == 302
    assert Experience.objects.get().domain.display == "Public transport"


def test_another_practices_vocabulary_is_unknown_here(client, cast):
    LifeDomain.objects.create(
        code="elsewhere", label="Elsewhere", practice=cast.outsider_therapist.practice
    )
    client.force_login(cast.river)
    assert "We don&#x27;t know the code" in _add(client, cast, domain="elsewhere").content.decode()


def test_the_supervisor_sees_only_shared_experiences_and_cannot_edit(client, cast):
    objects.experience(cast, title="SHARED-ONE", visibility=Visibility.SUPERVISOR)
    private = objects.experience(cast, title="PRIVATE-ONE", visibility=Visibility.PRIVATE)
    client.force_login(cast.sam)
    body = client.get(reverse("context:timeline", args=[cast.client.pk])).content.decode()
    assert "SHARED-ONE" in body and "PRIVATE-ONE" not in body
    url = reverse("context:experience_edit", args=[cast.client.pk, private.pk])
    assert client.get(url).status_code == 404


def test_the_client_reads_their_timeline_in_the_portal(client, cast):
    objects.experience(cast, title="MY-ONE")
    client.force_login(cast.client_user)
    assert "MY-ONE" in client.get(reverse("context:my_timeline")).content.decode()
    client.force_login(cast.other_client_user)
    assert "MY-ONE" not in client.get(reverse("context:my_timeline")).content.decode()


def test_an_edit_keeps_the_domain_and_systems_selected(client, cast):
    experience = objects.experience(cast)
    experience.systems.set([OppressionSystem.objects.get(code="classism")])
    client.force_login(cast.river)
    url = reverse("context:experience_edit", args=[cast.client.pk, experience.pk])
    body = client.get(url).content.decode()
    assert '<option value="housing" selected>' in body
    assert re.search(r'value="classism"[^>]* checked>', body)
