"""Instruments in the reader's language: only from a complete translation shipped in the file."""

import copy

import pytest
from django.test import override_settings
from django.urls import reverse

from alongside.measures import instruments
from alongside.measures.instruments import TRANSLATION, parse, registry
from alongside.measures.scoring import SESSION_FEEDBACK
from alongside.measures.tests.conftest import make_check_in

SPANISH = override_settings(LANGUAGES=[("en", "English"), ("es", "Español")])


@pytest.fixture(autouse=True)
def fresh_registry():
    registry.cache_clear()
    yield
    registry.cache_clear()


def _feedback_data():
    return copy.deepcopy(registry()["session-feedback"].resource)


def test_our_session_feedback_form_reads_fully_in_spanish():
    feedback, in_spanish = instruments.for_language("session-feedback", "es")
    assert in_spanish
    assert feedback.title == "¿Cómo fue la sesión de hoy?"
    assert feedback.question("safe").text == "Me sentí con seguridad en esta sesión."
    assert feedback.question("safe").help == "0 significa nada, 10 significa totalmente."
    assert feedback.question("comment").text.startswith("¿Hay algo que quieras")
    assert feedback.purpose.startswith("Tus respuestas")
    english = registry()["session-feedback"]
    assert all(q.text != e.text for q, e in zip(feedback.questions, english.questions, strict=True))


def test_only_the_words_change_so_answers_score_the_same_in_any_language():
    english = registry()["session-feedback"]
    spanish = english.in_language("es")
    assert [q.link_id for q in spanish.questions] == [q.link_id for q in english.questions]
    assert spanish.question("safe").min_value == 0 and spanish.question("safe").max_value == 10
    answers = {"safe": 9, "heard": 7, "respected": 8, "power": 6, "mattered": 9, "overall": 8}
    assert spanish.score(answers).total == english.score(answers).total


def test_a_regional_language_code_reads_the_spanish_translation():
    assert registry()["session-feedback"].in_language("es-MX").title.startswith("¿Cómo")


def test_an_english_reader_gets_the_file_as_written():
    english = registry()["session-feedback"]
    assert english.in_language("en") is english
    assert instruments.for_language("phq-9", "en") == (registry()["phq-9"], True)


@pytest.mark.parametrize("key", ["phq-9", "gad-7", "eds"])
def test_published_instruments_without_a_shipped_spanish_version_stay_as_written(key):
    instrument, in_spanish = instruments.for_language(key, "es")
    assert not in_spanish
    assert instrument is registry()[key]


def test_a_half_translated_instrument_is_never_shown_half_and_half():
    data = _feedback_data()
    del data["item"][2]["_text"]  # one question left without Spanish
    assert parse(data, SESSION_FEEDBACK).in_language("es") is None
    data = _feedback_data()
    del data["item"][0]["item"][0]["_text"]  # one help text left without Spanish
    assert parse(data, SESSION_FEEDBACK).in_language("es") is None


def test_answer_option_displays_are_translated_by_code():
    data = copy.deepcopy(registry()["gad-7"].resource)
    # A made-up test language, so no real instrument wording is invented here.
    data["language"] = "en"

    def tag(element_text):
        return {
            "extension": [
                {
                    "url": TRANSLATION,
                    "extension": [
                        {"url": "lang", "valueCode": "xx"},
                        {"url": "content", "valueString": f"[xx] {element_text}"},
                    ],
                }
            ]
        }

    def walk(items):
        for item in items:
            if "text" in item:
                item["_text"] = tag(item["text"])
            for option in item.get("answerOption", []):
                option["valueCoding"]["_display"] = tag(option["valueCoding"]["display"])
            walk(item.get("item", []))

    walk(data["item"])
    data["_title"] = tag(data["title"])
    data["_purpose"] = tag(data["purpose"])
    english = registry()["gad-7"]
    tagged = parse(data, english.scale).in_language("xx")
    question = tagged.question(english.questions[0].link_id)
    assert question.text == f"[xx] {english.questions[0].text}"
    assert [o.display for o in question.options] == [
        f"[xx] {o.display}" for o in english.questions[0].options
    ]
    assert [o.code for o in question.options] == [o.code for o in english.questions[0].options]
    assert question.group_text.startswith("[xx] ")


@SPANISH
def test_the_spanish_check_in_page_shows_our_form_in_spanish(client, cast):
    check_in = make_check_in(cast.client)
    client.force_login(cast.client_user)
    url = reverse("measures:answer", args=[check_in.pk])
    body = client.get(url + "?q=1", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Me sentí con seguridad en esta sesión." in body
    assert "I felt safe" not in body
    assert "Pregunta 1 de 7" in body  # the page around it comes from the Spanish catalog
    assert "no tiene una versión publicada" not in body
    assert '<h1 lang="en">' not in body and '<div lang="en">' not in body


@SPANISH
def test_the_spanish_check_in_page_says_plainly_when_an_instrument_stays_english(client, cast):
    check_in = make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    url = reverse("measures:answer", args=[check_in.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "no tiene una versión publicada en tu idioma" in body
    assert '<h1 lang="en">PHQ-9' in body
    question = client.get(url + "?q=1", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<div lang="en">' in question and "Little interest or pleasure" in question


def test_an_english_check_in_page_has_no_language_notice(client, cast):
    check_in = make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:answer", args=[check_in.pk])).content.decode()
    assert "no published version" not in body and '<h1 lang="en">' not in body


@SPANISH
def test_the_spanish_portal_lists_our_form_by_its_spanish_title(client, cast):
    make_check_in(cast.client)
    make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Responder: ¿Cómo fue la sesión de hoy?" in body
    assert "How was today" not in body
    assert "PHQ-9" in body  # stays as written: no published Spanish version ships


def test_item_labels_follow_the_reader_language():
    from django.utils import translation

    from alongside.measures.templatetags.measures import instrument_title, item_label

    with translation.override("es"):
        assert item_label("heard") == "Sentí que me escucharon y me entendieron."
        assert instrument_title("session-feedback") == "¿Cómo fue la sesión de hoy?"
    with translation.override("en"):
        assert item_label("heard") == "I felt heard and understood."


@SPANISH
def test_the_feedback_table_heads_its_columns_in_the_readers_language_not_with_link_ids(
    client, cast
):
    from alongside.measures.tests.conftest import answered

    answered(cast.client)
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'title="Me sentí con seguridad en esta sesión.">Seguridad</span>' in body
    assert ">Lo que importaba</span>" in body
    assert ">Heard</span>" not in body and ">Mattered</span>" not in body


def test_the_feedback_table_heads_read_as_words_in_english_too(client, cast):
    from alongside.measures.tests.conftest import answered

    answered(cast.client)
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine")).content.decode()
    assert 'title="I felt safe in this session.">Safe</span>' in body
    assert ">What mattered</span>" in body and ">Power shared</span>" in body


def test_the_client_reads_why_no_change_is_marked_in_plain_words(client, cast):
    from alongside.measures.tests.conftest import answered

    answered(cast.client)
    client.force_login(cast.client_user)
    mine = client.get(reverse("measures:mine")).content.decode()
    assert "No change is marked on this one" in mine and "published threshold" not in mine
    client.force_login(cast.river)
    staff = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    assert "no published threshold for reliable change" in staff


@SPANISH
def test_an_instrument_title_left_in_english_is_marked_english_on_a_spanish_page(client, cast):
    from alongside.measures.tests.conftest import answered, phq

    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 1))
    answered(cast.client)
    make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<span lang="en">PHQ-9: how your mood has been</span></h3>' in body
    assert 'Responder: <span lang="en">PHQ-9' in body
    assert '-h">¿Cómo fue la sesión de hoy?</h3>' in body  # translated: no mark
