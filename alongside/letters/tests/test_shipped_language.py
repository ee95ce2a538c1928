"""The letter templates a practice starts with are copied in the practice's language, not in
the language of whoever's request happens to copy them first."""

import re

from django.test import override_settings
from django.utils import translation

from alongside.letters.shipped import shipped_templates


def test_an_english_practice_gets_english_templates_even_from_a_spanish_request():
    with translation.override("es"):
        templates = {kind: (title, body) for kind, title, body in shipped_templates()}
    title, body = templates["housing_repairs"]
    assert title == "Housing: repairs"
    assert body.startswith("{date}\n\nTo {recipient}\n\nI am writing in support of {client_name}")
    assert body.endswith("Yours sincerely,\n\n{therapist_name}\n{practice_name}")


@override_settings(LANGUAGE_CODE="es", LANGUAGES=[("en", "English"), ("es", "Español")])
def test_a_spanish_practice_gets_spanish_templates_with_every_placeholder_kept():
    with translation.override("en"):
        templates = {kind: (title, body) for kind, title, body in shipped_templates()}
    english = {kind: body for kind, _title, body in _english()}
    for kind, (_title, body) in templates.items():
        assert body.startswith("{date}\n\nA la atención de {recipient}\n\nEscribo ")
        assert "Atentamente," in body
        assert _placeholders(body) == _placeholders(english[kind])


def _english():
    with override_settings(LANGUAGE_CODE="en"):
        return shipped_templates()


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]+\}", text))
