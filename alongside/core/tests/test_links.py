"""Stored strings become link targets only when safe (alongside.core.links)."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from alongside.core.links import local_path, path_by_id, web_url

HOSTILE = [
    "javascript:alert(1)",
    " JAVASCRIPT:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:x",
    "//evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "https:evil",
    "http://",
    "",
    None,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_nothing_but_a_web_address_is_a_web_link(value):
    assert web_url(value) == ""


@pytest.mark.parametrize("value", HOSTILE + ["https://example.org/x", "mailto:a@b.c"])
def test_nothing_but_a_path_on_this_site_is_a_local_link(value):
    assert local_path(value) == ""


def test_safe_targets_pass_unchanged():
    assert web_url("https://example.org/guide?a=1#b") == "https://example.org/guide?a=1#b"
    assert web_url("HTTP://Example.org") == "HTTP://Example.org"
    assert local_path("/clients/3/#from-client") == "/clients/3/#from-client"


def test_the_template_filters_give_nothing_for_a_script_url():
    template = Template("{% load links %}[{{ a|web_url }}][{{ b|local_path }}]")
    out = template.render(Context({"a": "javascript:alert(1)", "b": "javascript:alert(1)"}))
    assert out == "[][]"


@pytest.mark.parametrize(
    ("viewname", "args"),
    [("clients:detail", ()), ("notes:detail", ()), ("notes:session_note", (7,))],
)
@pytest.mark.parametrize("pk", [1, 42, 10_000_019])
def test_a_path_by_id_is_the_path_reverse_gives(viewname, args, pk):
    assert path_by_id(viewname, *args)(pk) == reverse(viewname, args=[*args, pk])
    rendered = Template('{% load links %}{{ pk|path_to:"clients:detail" }}').render(
        Context({"pk": pk})
    )
    assert rendered == reverse("clients:detail", args=[pk])


def test_a_path_by_id_follows_the_script_prefix():
    try:
        set_script_prefix("/practice/")
        assert path_by_id("clients:detail")(5) == "/practice/clients/5/"
    finally:
        set_script_prefix("/")
    assert path_by_id("clients:detail")(5) == "/clients/5/"


def test_a_path_by_id_puts_the_id_where_the_pattern_has_it():
    # The id is the last argument, not necessarily the path's last part.
    assert path_by_id("plans:review")(12) == reverse("plans:review", args=[12])
    assert not reverse("plans:review", args=[12]).endswith("12/")
