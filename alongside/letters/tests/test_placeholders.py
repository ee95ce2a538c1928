"""Templates are plain text with named placeholders, never a template language."""

import pytest
from django.core.exceptions import ValidationError

from alongside.letters.placeholders import fill, problems, validate
from alongside.letters.shipped import shipped_templates


def test_known_placeholders_are_filled_with_plain_text():
    assert fill(
        "Dear {recipient}, about {client_name}.", {"recipient": "Council", "client_name": "Ash"}
    ) == ("Dear Council, about Ash.")


def test_a_value_is_never_read_as_a_placeholder_or_markup():
    out = fill("{client_name} / {purpose}", {"client_name": "{purpose}", "purpose": "{{ x }}"})
    assert out == "{purpose} / {{ x }}"


@pytest.mark.parametrize(
    "text",
    [
        "{diagnosis}",
        "{client_name.__class__}",
        "{client_name!r}",
        "{client_name:>10}",
        "{{ client_name }}",
        "{% load static %}",
        "{0}",
        "{}",
    ],
)
def test_anything_but_a_known_name_in_braces_is_refused(text):
    with pytest.raises(ValidationError):
        validate(text)


def test_the_message_names_the_unknown_placeholder_and_what_can_be_used():
    [message] = problems("Hello {client_nmae}")
    assert "{client_nmae}" in message and "{client_name}" in message


def test_a_lone_brace_is_refused_with_a_clear_message():
    assert "no partner" in problems("Costs { 40")[0]


def test_every_shipped_template_is_valid_and_asks_for_no_diagnosis():
    for _kind, _title, body in shipped_templates():
        validate(body)
        assert "{facts}" in body and "diagnos" not in body.replace("No diagnosis", "")
