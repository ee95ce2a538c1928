"""In Spanish the client's plan keeps its headings apart: "What matters to me" (the part) and
"What I care about" (its first section) were both "Lo que me importa", one under the other, and
two regions of the page had the same name."""

import re

from django.urls import reverse

from alongside.plans.tests import objects


def test_the_parts_of_the_clients_plan_have_different_names_in_spanish(client, cast):
    objects.plan(cast)
    client.force_login(cast.client_user)
    body = client.get(reverse("plans:my_plan"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    headings = [
        re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<h[23][^>]*>(.*?)</h", body)
    ]
    assert "Lo que es importante para mí" in headings and "Lo que me importa" in headings
    assert len(headings) == len(set(headings)), headings
