"""Typed text inside a generated PDF: WeasyPrint lays out HTML and fetches what the HTML
points at (images, stylesheets, @import), from the web or from file:// on the server. Text a
person typed must reach the PDF as text, so markup in it can never make the server fetch a
URL (server-side request forgery, or reading /etc/passwd into the document)."""

import time

import pytest
import weasyprint.urls
from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.context.tests.test_power_and_pdf_views import _story
from alongside.letters.models import Letter, Letterhead
from alongside.letters.tests.objects import finalised
from alongside.plans.records import plan_for, save_section, sections_of
from alongside.plans.tests import objects as plan_objects

MARKUP = (
    '<img src="http://127.0.0.1:9/leak.png">'
    '<link rel="stylesheet" href="file:///etc/passwd">'
    '<style>@import url("file:///etc/hostname");</style>'
    '<iframe src="file:///etc/passwd"></iframe>'
)


@pytest.fixture
def fetched(monkeypatch):
    asked = []

    def refuse(self, url, *args, **kwargs):
        asked.append(url)
        raise ValueError(f"refused in the test: {url}")

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", refuse)
    return asked


@pytest.fixture
def hostile(cast):
    cast.client.chosen_name = "Ash " + MARKUP[:80]
    cast.client.pronouns = MARKUP[:60]
    cast.client.save()
    _story(cast)
    plan = plan_for(cast.client)
    save_section(cast.client_user, sections_of(plan)["signs"], MARKUP, 0)
    plan_objects.crisis_line(cast)
    Letterhead.objects.create(practice=cast.practice, name=MARKUP[:200], footer=MARKUP[:300])
    letter = finalised(cast)
    Letter.objects.filter(pk=letter.pk).update(final_text=MARKUP + "\n\nThe letter's words.")
    return letter


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def test_no_pdf_fetches_anything_markup_in_typed_text_points_at(client, cast, hostile, fetched):
    downloads = [
        (cast.client_user, reverse("context:my_take_home")),
        (cast.client_user, reverse("plans:my_take_home")),
        (cast.client_user, reverse("plans:my_when_hard")),
        (cast.client_user, reverse("letters:my_pdf", args=[hostile.pk])),
        (cast.client_user, reverse("rights:my_record_pdf")),
        (cast.river, reverse("context:take_home", args=[cast.client.pk])),
        (cast.river, reverse("letters:pdf", args=[cast.client.pk, hostile.pk])),
    ]
    for user, url in downloads:
        _fresh(client, user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.startswith(b"%PDF"), url
    assert fetched == []


def test_the_watch_does_see_a_fetch_that_markup_would_cause(fetched):
    """Guards the test above: unescaped, the same markup makes WeasyPrint ask for URLs."""
    weasyprint.HTML(string=MARKUP, base_url="http://testserver/").write_pdf()
    assert "http://127.0.0.1:9/leak.png" in fetched
