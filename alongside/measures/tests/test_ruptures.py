"""Rupture prompts: raised by a low or falling rating, on the caseload, cleared by a repair."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.measures import ruptures
from alongside.measures.models import Flag, FlagKind
from alongside.measures.tests.conftest import FEEDBACK_OK, answered

HIGH = {"safe": 9, "heard": 9, "respected": 9, "power": 9, "mattered": 9, "overall": 9}


def test_a_rating_at_the_threshold_is_a_signal_even_without_history():
    found = ruptures.signals({**HIGH, "safe": 5}, [], at_or_below=5)
    assert [(s.item, s.value, s.reason) for s in found] == [("safe", 5, "threshold")]
    assert ruptures.signals({**HIGH, "safe": 6}, [], at_or_below=5) == []


def test_a_drop_of_two_below_the_running_average_is_a_signal():
    history = [HIGH, HIGH, {**HIGH, "heard": 8}]
    found = ruptures.signals({**HIGH, "heard": 6}, history, at_or_below=5)
    assert [(s.item, s.value, s.average, s.reason) for s in found] == [("heard", 6, 8.7, "drop")]
    # 8.67 - 7 is less than 2: not yet.
    assert ruptures.signals({**HIGH, "heard": 7}, history, at_or_below=5) == []


def test_a_drop_of_less_than_two_is_not_a_signal():
    assert ruptures.signals({**HIGH, "heard": 8}, [HIGH, HIGH], at_or_below=5) == []


def test_one_earlier_answer_is_not_yet_an_average():
    assert ruptures.signals({**HIGH, "heard": 6}, [HIGH], at_or_below=5) == []


def test_the_running_average_covers_recent_answers_only():
    old_lows = [{**HIGH, "power": 3}] * 10
    recent = [{**HIGH, "power": 9}] * ruptures.WINDOW
    found = ruptures.signals({**HIGH, "power": 7}, old_lows + recent, at_or_below=5)
    assert [s.average for s in found] == [9.0]


def test_the_lowest_rating_leads():
    found = ruptures.signals({**HIGH, "power": 4, "respected": 2}, [HIGH, HIGH], at_or_below=5)
    assert found[0].item == "respected"


def _history(cast, n=3):
    start = timezone.now() - timedelta(weeks=n + 1)
    for week in range(n):
        answered(cast.client, answers=HIGH, at=start + timedelta(weeks=week))


def test_a_fall_in_feedback_flags_the_client_on_the_caseload_with_their_words(client, cast):
    _history(cast)
    answered(cast.client, answers={**HIGH, "respected": 6, "comment": "You got my name wrong."})
    flag = Flag.objects.get()
    assert (flag.kind, flag.item, flag.comment) == (
        FlagKind.RUPTURE,
        "respected",
        "You got my name wrong.",
    )
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert "Rupture prompt" in body
    assert "My identity and culture were respected." in body
    assert "You got my name wrong." in body
    assert "repair conversation" in body
    assert reverse("measures:flag", args=[cast.client.pk, flag.pk]) in body


def test_the_prompt_is_cleared_when_the_therapist_records_what_they_did(client, cast):
    _history(cast)
    answered(cast.client, answers={**HIGH, "safe": 3})
    flag = Flag.objects.get()
    client.force_login(cast.river)
    url = reverse("measures:flag", args=[cast.client.pk, flag.pk])
    empty = client.post(url, {"note": ""})
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()
    assert Flag.objects.get().is_open
    response = client.post(url, {"note": "We talked it through; I'll check in at the start."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert not flag.is_open and flag.resolved_by == cast.river
    assert flag.repair_note.startswith("We talked it through")
    assert AuditEvent.objects.filter(object_type="measure_flag", action="update").exists()
    assert "Rupture prompt" not in client.get(reverse("clients:caseload")).content.decode()


def test_the_repair_note_is_encrypted_and_checked_for_language(client, cast):
    _history(cast)
    answered(cast.client, answers={**HIGH, "safe": 3})
    flag = Flag.objects.get()
    client.force_login(cast.river)
    url = reverse("measures:flag", args=[cast.client.pk, flag.pk])
    assert 'data-language-check="on"' in client.get(url).content.decode()
    client.post(url, {"note": "REPAIR-CANARY"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT repair_note, comment, item FROM measures_flag")
        row = cursor.fetchone()
    assert "REPAIR-CANARY" not in row[0] and "safe" not in row[2]


def test_the_supervisor_sees_the_prompt_but_cannot_clear_it(client, cast):
    _history(cast)
    answered(cast.client, answers={**HIGH, "safe": 3})
    flag = Flag.objects.get()
    client.force_login(cast.sam)
    url = reverse("measures:flag", args=[cast.client.pk, flag.pk])
    page = client.get(url).content.decode()
    assert "Rupture prompt" in page and "<textarea" not in page
    assert client.post(url, {"note": "Not mine to write"}).status_code == 404
    assert Flag.objects.get().is_open


def test_good_feedback_raises_nothing(cast):
    _history(cast)
    answered(cast.client, answers=dict(FEEDBACK_OK))
    assert not Flag.objects.exists()


def _flagged_client(cast, n):
    from alongside.clients.models import Client

    other = Client.objects.create(
        practice=cast.practice, therapist=cast.river, chosen_name=f"Person {n}"
    )
    answered(other, answers=HIGH)
    answered(other, answers=HIGH)
    answered(other, answers={**HIGH, "safe": 2, "comment": f"comment {n}"})


def _caseload_queries(client):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:caseload")).content.decode()
    return len(queries), body.count("Rupture prompt")


def test_the_caseload_query_count_does_not_grow_with_prompts(client, cast):
    _flagged_client(cast, 0)
    client.force_login(cast.river)
    client.get(reverse("clients:caseload"))
    few = _caseload_queries(client)
    for n in range(1, 6):
        _flagged_client(cast, n)
    many = _caseload_queries(client)
    assert (few[1], many[1]) == (1, 6)
    assert many[0] == few[0]


def test_a_rupture_prompt_is_dated_by_the_session_it_is_about(client, cast):
    from datetime import date

    from alongside.measures import checkins
    from alongside.measures.models import Via
    from alongside.measures.tests.conftest import make_check_in
    from alongside.notes.tests.helpers import make_session

    session = make_session(cast.client, days_ago=9)
    check_in = make_check_in(cast.client)
    check_in.session = session
    check_in.save(update_fields=["session"])
    answered = checkins.submit(None, check_in, dict(FEEDBACK_OK), via=Via.DEMO)
    Flag.objects.create(client=cast.client, response=answered, kind=FlagKind.RUPTURE, item="safe")
    when = f"{session.date:%-d %b %Y}"
    assert session.date != date.today()
    client.force_login(cast.river)
    record = client.get(reverse("measures:client", args=[cast.client.pk])).content.decode()
    assert f"Feedback on the session of {when}" in record
    caseload = client.get(reverse("clients:caseload")).content.decode()
    assert f"Feedback on the session of {when}" in caseload


def test_the_prompt_quotes_the_questions_in_the_readers_language(client, cast):
    from django.test import override_settings

    _history(cast)
    answered(cast.client, answers={**HIGH, "safe": 3})
    flag = Flag.objects.get()
    client.force_login(cast.river)
    url = reverse("measures:flag", args=[cast.client.pk, flag.pk])
    with override_settings(LANGUAGES=[("en", "English"), ("es", "Español")]):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Me sentí con seguridad en esta sesión." in body
    assert "I felt safe in this session." not in body
    assert "I felt safe in this session." in client.get(url).content.decode()
