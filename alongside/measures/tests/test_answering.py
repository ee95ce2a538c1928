"""The client answers in the portal: one question per screen or all at once, drafts, errors."""

import re

from django.urls import reverse

from alongside.clients.models import ClientActivity
from alongside.core.fields import EncryptedTextField
from alongside.measures.models import CheckInStatus, Flag, FlagKind, Response
from alongside.measures.tests.conftest import FEEDBACK_OK, make_check_in, phq


def _url(check_in, **params):
    base = reverse("measures:answer", args=[check_in.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_client_sees_what_is_waiting_for_them(client, cast, check_in):
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine")).content.decode()
    assert "Answer: How was today&#x27;s session?" in body
    assert _url(check_in) in body


def test_the_introduction_offers_both_ways_of_answering(client, cast, check_in):
    client.force_login(cast.client_user)
    body = client.get(_url(check_in)).content.decode()
    assert "There are 7 questions." in body
    assert "Start, one question at a time" in body and "See all questions on one page" in body


def test_one_question_per_screen_with_progress_and_a_fieldset(client, cast, check_in):
    client.force_login(cast.client_user)
    body = client.get(_url(check_in, q=1)).content.decode()
    assert "Question 1 of 7" in body
    assert '<progress max="7" value="1"' in body
    assert "<fieldset" in body and "<legend>I felt safe in this session." in body
    assert body.count('type="radio"') == 11  # 0 to 10
    assert "0 means not at all, 10 means completely." in body


def test_each_step_saves_a_draft_and_moves_on(client, cast, check_in):
    client.force_login(cast.client_user)
    response = client.post(_url(check_in), {"q": 1, "action": "next", "safe": "8"})
    assert response.status_code == 302 and response["Location"] == _url(check_in, q=2)
    draft = Response.objects.get(check_in=check_in)
    assert draft.is_draft and draft.answers == {"safe": 8}
    # Back keeps the answer; the therapist sees nothing of a draft.
    client.post(_url(check_in), {"q": 2, "action": "back", "heard": "6"})
    assert Response.objects.get(check_in=check_in).answers == {"safe": 8, "heard": 6}
    client.force_login(cast.river)
    page = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    assert "How things have changed" in page and "No answers yet." in page


def test_a_missing_required_answer_gets_a_clear_message_and_nothing_moves(client, cast, check_in):
    client.force_login(cast.client_user)
    response = client.post(_url(check_in), {"q": 1, "action": "next"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose an answer to go on. You can also save and finish later." in body
    assert 'role="alert"' in body and "Question 1 of 7" in body


def test_an_out_of_range_answer_is_refused_with_the_range(client, cast, check_in):
    client.force_login(cast.client_user)
    response = client.post(_url(check_in), {"q": 1, "action": "next", "safe": "11"})
    assert response.status_code == 400
    assert "Choose a number from 0 to 10." in response.content.decode()
    assert not Response.objects.exists()


def test_save_and_finish_later_keeps_a_partial_page(client, cast, check_in):
    client.force_login(cast.client_user)
    response = client.post(_url(check_in), {"q": 3, "action": "save"})
    assert response.status_code == 200
    assert "Saved. Nobody sees these answers until you send them." in response.content.decode()
    body = client.get(reverse("measures:mine")).content.decode()
    assert "Carry on:" in body


def test_the_last_step_shows_the_answers_to_check_then_sends(client, cast, check_in):
    client.force_login(cast.client_user)
    for n, (item, value) in enumerate(FEEDBACK_OK.items(), start=1):
        client.post(_url(check_in), {"q": n, "action": "next", item: str(value)})
    client.post(_url(check_in), {"q": 7, "action": "next", "comment": "Good to be heard."})
    review = client.get(_url(check_in, q=8)).content.decode()
    assert "Check your answers" in review and "Good to be heard." in review
    sent = client.post(_url(check_in), {"q": 8, "action": "send"})
    assert "Thank you. Your answers are sent" in sent.content.decode()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.DONE
    assert Response.objects.get().answers["comment"] == "Good to be heard."
    # The therapist hears about it, in plain words that quote nothing.
    activity = ClientActivity.objects.get(client=cast.client)
    assert activity.summary == "answered a check-in"


def test_sending_with_a_gap_lists_the_question_to_go_back_to(client, cast, check_in):
    client.force_login(cast.client_user)
    client.post(_url(check_in), {"q": 1, "action": "next", "safe": "8"})
    response = client.post(_url(check_in), {"q": 8, "action": "send"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Some questions still need an answer" in body
    assert f'href="{_url(check_in)}?q=2"' in body
    assert Response.objects.get().is_draft


def test_all_at_once_sends_every_answer(client, cast, check_in):
    client.force_login(cast.client_user)
    page = client.get(_url(check_in, mode="all")).content.decode()
    assert page.count("<fieldset") == 6
    response = client.post(_url(check_in), {"mode": "all", "action": "send", **FEEDBACK_OK})
    assert response.status_code == 200
    assert Response.objects.get().submitted_at is not None


def test_all_at_once_keeps_what_was_typed_when_something_is_missing(client, cast, check_in):
    client.force_login(cast.client_user)
    partial = {k: v for k, v in FEEDBACK_OK.items() if k != "power"}
    response = client.post(
        _url(check_in), {"mode": "all", "action": "send", **partial, "comment": "Typed text"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "We shared power over what we did.: Choose an answer" in body
    assert "Typed text" in body and re.search(r'value="9"[^>]*checked', body)


def test_a_second_send_from_the_portal_changes_nothing(client, cast, check_in):
    client.force_login(cast.client_user)
    client.post(_url(check_in), {"mode": "all", "action": "send", **FEEDBACK_OK})
    again = client.post(_url(check_in), {"mode": "all", "action": "send", **FEEDBACK_OK, "safe": 1})
    assert again.status_code == 302
    follow = client.get(again["Location"]).content.decode()
    assert "You have already sent this check-in" in follow
    assert Response.objects.get().answers["safe"] == 9


def test_phq9_thoughts_of_self_harm_show_help_now_and_prompt_the_therapist(client, cast):
    check_in = make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    answers = phq(0, 0, 0, 0, 0, 0, 0, 0, 1)
    response = client.post(_url(check_in), {"mode": "all", "action": "send", **answers})
    body = response.content.decode()
    assert "If you are thinking about not being alive" in body
    assert "116 123" in body
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.SAFETY and flag.item == "phq9-9"
    client.force_login(cast.river)
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert "Check in about safety" in caseload
    record = client.get(cast.client.get_absolute_url()).content.decode()
    assert "Check in about safety" in record


def test_phq9_without_item_nine_raises_no_safety_prompt(client, cast):
    check_in = make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    body = client.post(
        _url(check_in), {"mode": "all", "action": "send", **phq(3, 3, 3, 3, 3, 3, 3, 3, 0)}
    ).content.decode()
    assert "If you are thinking about not being alive" not in body
    assert not Flag.objects.exists()


def test_answers_are_encrypted_at_rest(cast, check_in, client):
    from django.db import connection

    client.force_login(cast.client_user)
    client.post(
        _url(check_in), {"mode": "all", "action": "send", **FEEDBACK_OK, "comment": "SECRET-WORDS"}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM measures_response")
        stored = cursor.fetchone()[0]
    assert "SECRET-WORDS" not in stored and '"safe"' not in stored
    assert isinstance(Response._meta.get_field("answers_json"), EncryptedTextField)


def test_a_client_cannot_open_another_clients_check_in(client, cast, other_check_in):
    client.force_login(cast.client_user)
    assert client.get(_url(other_check_in)).status_code == 404
    response = client.post(_url(other_check_in), {"mode": "all", "action": "send", **FEEDBACK_OK})
    assert response.status_code == 404
    assert not Response.objects.exists()


def test_the_question_count_stays_the_same_when_a_conditional_question_comes_and_goes(client, cast):
    """PHQ-9's last question only applies to someone who ticked a problem: the count says
    "of up to 10" from the start instead of growing from 9 to 10 midway."""
    check_in = make_check_in(cast.client, instrument="phq-9")
    client.force_login(cast.client_user)
    intro = client.get(_url(check_in)).content.decode()
    assert "There are up to 10 questions" in intro
    first = client.get(_url(check_in, q=1)).content.decode()
    assert "Question 1 of up to 10" in first and '<progress max="10" value="1"' in first
    assert 'value="back"' not in first  # nothing to go back to from the first question
    for n, answer in ((1, "LA6569-3"), (2, "LA6568-5")):
        client.post(_url(check_in), {"q": n, "action": "next", f"phq9-{n}": answer})
        page = client.get(_url(check_in, q=n + 1)).content.decode()
        assert f"Question {n + 1} of up to 10" in page and 'value="back"' in page
