"""Every word a template shows is inside {% translate %} / {% blocktranslate %}: a walk over
every template finds visible text (text nodes, and the title, aria-label, placeholder and
alt attributes) written outside them, and names the file and line."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent / "alongside"
TEMPLATES = sorted(
    path
    for path in ROOT.glob("*/templates/**/*")
    if path.is_file() and path.suffix in {".html", ".txt"}
)
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# Not prose: scripts, styles, and code samples (a rule file's YAML is written in YAML).
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd"}
# Words that are the same in every language: the product's name, and standards' names.
NOT_TRANSLATED = {"Alongside", "FHIR", "PDF", "JSON", "PHQ-9", "GAD-7", "HSDS", "CSV", "ZIP"}
# Template code and translated text become a space in the walked text: a tag with template
# code inside it (`<tr{% if total %} class="total"{% endif %}>`) still parses as a tag.
HIDE = " "
WORD = re.compile(r"[^\W\d_]{2,}")


def _outside_translation(source: str) -> str:
    """The template's text with every tag, variable, comment and translated block replaced
    by HIDE (newlines kept, so line numbers stay right)."""
    out, inside = [], 0
    for token in Lexer(source).tokenize():
        raw = token.contents
        if token.token_type == TokenType.BLOCK:
            name = raw.split(" ", 1)[0]
            if name in {"blocktranslate", "blocktrans", "comment"}:
                inside += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                inside -= 1
        if token.token_type == TokenType.TEXT and not inside:
            out.append(raw)
        else:
            out.append(HIDE + "\n" * raw.count("\n"))
    return "".join(out)


def _words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in NOT_TRANSLATED]


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and _words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _words(data):
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append((self.getpos()[0] + leading.count("\n"), " ".join(data.split())))


def untranslated_text(source: str, *, html: bool = True) -> list[tuple[int, str]]:
    walked = _outside_translation(source)
    if not html:  # plain-text emails: every word outside the translation tags is text
        return [
            (number, " ".join(line.split()))
            for number, line in enumerate(walked.splitlines(), start=1)
            if _words(line)
        ]
    finder = _Finder()
    finder.feed(walked)
    finder.close()
    return finder.found


def test_the_walk_finds_untranslated_words_and_attributes_and_passes_translated_ones():
    planted = (
        '{% load i18n %}<h1>{% translate "Hello" %}</h1>\n'
        "<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %} · {{ x }}</p>\n"
        "<p>Forgotten words</p>\n"
        '<img src="a.png" alt="A picture"><a title="{% translate "Ok" %}" href="#">…</a>\n'
        "<script>var notText = 'words here';</script>{# a comment #}\n"
        "{% comment %}Notes for developers{% endcomment %}<pre>- id: yaml.sample</pre>\n"
    )
    found = untranslated_text(planted)
    assert [line for line, _text in found] == [3, 4]
    assert "Forgotten words" in found[0][1] and 'alt="A picture"' in found[1][1]
    assert untranslated_text(
        "{% load i18n %}Hello {{ name }},\n{% translate 'x' %}\n", html=False
    ) == [(1, "Hello ,")]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_shows_words_outside_translation_tags(path):
    found = untranslated_text(path.read_text(), html=path.suffix == ".html")
    where = path.relative_to(ROOT.parent)
    assert not found, "\n".join(f"{where}:{line}: {text}" for line, text in found)
