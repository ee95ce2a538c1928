"""Choosing a language: a switcher on every page, remembered on the person, and what is made
for a client (emails, PDFs, check-in links) in the client's language, whoever asks."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse
from django.utils import translation

from alongside.accounts import addresses
from alongside.context.views.pdf import take_home_html as formulation_html
from alongside.measures import link_email, links
from alongside.measures.tests.conftest import make_check_in
from alongside.plans.records import plan_for
from alongside.plans.views.pdf import take_home_html as plan_html
from conftest import PASSWORD, SignedInClient

pytestmark = pytest.mark.django_db


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_sign_in_page_has_a_labelled_language_switcher_that_keeps_the_page(db):
    page = Browser().get(reverse("accounts:login") + "?next=/my/").content.decode()
    assert '<label for="language-choice">Language</label>' in page
    assert f'action="{reverse("accounts:set_language")}"' in page
    assert 'name="next" value="/sign-in/?next=/my/"' in page
    assert '<option value="es" lang="es">Español</option>' in page


def test_switching_without_signing_in_sets_the_cookie_and_returns_to_the_page(db):
    browser = Browser()
    answer = browser.post(reverse("accounts:set_language"), {"language": "es", "next": "/sign-in/"})
    assert answer.status_code == 302 and answer["Location"] == "/sign-in/"
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = browser.get("/sign-in/").content.decode()
    assert _lang(page) == "es" and "Entrar" in page


def test_the_switcher_refuses_a_get_and_another_site_as_next(db):
    browser = Browser()
    assert browser.get(reverse("accounts:set_language")).status_code == 405
    answer = browser.post(
        reverse("accounts:set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert "evil.example" not in answer.get("Location", "")


def test_a_signed_in_persons_choice_is_saved_and_follows_them_to_another_device(client, cast):
    client.force_login(cast.client_user)
    client.post(reverse("accounts:set_language"), {"language": "es", "next": "/my/"})
    cast.client_user.refresh_from_db()
    assert cast.client_user.language == "es"
    other_device = SignedInClient()
    other_device.force_login(cast.client_user)
    page = other_device.get(reverse("accounts:security"), follow=True).content.decode()
    assert _lang(page) == "es"


def test_the_saved_language_wins_over_the_browsers_header(client, cast):
    cast.river.language = "es"
    cast.river.save()
    client.force_login(cast.river)
    page = client.get(reverse("clients:caseload"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _lang(page) == "es"


def test_a_language_that_is_not_shipped_is_not_saved(client, cast):
    client.force_login(cast.river)
    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})
    cast.river.refresh_from_db()
    assert cast.river.language == ""


def test_the_settings_page_offers_the_language_too(client, cast):
    client.force_login(cast.client_user)
    page = client.get(reverse("accounts:security")).content.decode()
    assert 'id="language-setting"' in page and 'id="language-choice"' in page


def test_a_spanish_speaking_client_is_invited_in_spanish_whoever_sends_it(client, cast, mailoutbox):
    cast.client_user.set_unusable_password()
    cast.client_user.save()
    client.force_login(cast.river)  # River's pages are in English
    client.post(reverse("clients:invite", args=[cast.client.pk]), {"language": "es"})
    cast.client_user.refresh_from_db()
    assert cast.client_user.language == "es"
    sent = mailoutbox[-1]
    assert sent.subject == "Tu invitación a Alongside"
    assert sent.body.startswith("Hola Ash Canary,")
    assert translation.get_language() == "en"  # the sender's own language is left alone


def test_a_password_reset_email_follows_the_account_holders_language(cast, mailoutbox):
    cast.client_user.language = "es"
    cast.client_user.email = "ash@example.invalid"
    cast.client_user.save()
    addresses.prove(cast.client_user, "ash@example.invalid")  # as if invited there
    Browser().post(reverse("accounts:forgot_password"), {"username": "ash"})
    assert mailoutbox[-1].subject == "Elige una nueva contraseña de Alongside"
    assert mailoutbox[-1].body.startswith("Hola:")


def test_a_check_in_link_email_follows_the_clients_language(cast):
    cast.client_user.language = "es"
    cast.client_user.save()
    check_in = make_check_in(cast.client)
    token = links.issue_link(cast.river, check_in)
    link_email.email_link(None, check_in, token, base_url="https://alongside.example")
    with translation.override("es"):
        expected = translation.gettext("A short check-in from your therapist")
    # Needs the measures catalog (translated separately): until it is merged, this fails here.
    assert expected != "A short check-in from your therapist"
    assert mail.outbox[-1].subject == expected


def test_a_check_in_page_opened_from_a_link_speaks_the_clients_language(cast):
    cast.client_user.language = "es"
    cast.client_user.save()
    token = links.issue_link(cast.river, make_check_in(cast.client))
    page = Browser().get(links.link_path(token)).content.decode()
    assert _lang(page) == "es"


def test_a_browser_that_chose_a_language_keeps_it_on_a_check_in_link(cast):
    cast.client_user.language = "es"
    cast.client_user.save()
    token = links.issue_link(cast.river, make_check_in(cast.client))
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _lang(browser.get(links.link_path(token)).content.decode()) == "en"


def test_the_clients_pdfs_are_made_in_the_clients_language_even_for_the_therapist(cast):
    cast.client_user.language = "es"
    cast.client_user.save()
    with translation.override("en"):  # the therapist's own language, whatever ran before
        assert _lang(plan_html(cast.river, cast.client, plan_for(cast.client))) == "es"
        assert _lang(formulation_html(cast.client, cast.river)) == "es"
        assert translation.get_language() == "en"


def test_a_client_without_a_choice_gets_the_practice_default(cast):
    assert _lang(plan_html(cast.river, cast.client, plan_for(cast.client))) == "en"


def test_a_language_chosen_before_signing_in_is_kept_on_a_person_without_one(cast):
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    answer = browser.post(reverse("accounts:login"), {"username": "ash", "password": PASSWORD})
    assert answer.status_code == 302
    cast.client_user.refresh_from_db()
    assert cast.client_user.language == "es"


def test_a_language_chosen_before_signing_in_does_not_overwrite_a_saved_one(cast):
    cast.client_user.language = "en"
    cast.client_user.save()
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    browser.post(reverse("accounts:login"), {"username": "ash", "password": PASSWORD})
    cast.client_user.refresh_from_db()
    assert cast.client_user.language == "en"
