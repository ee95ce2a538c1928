import re
from pathlib import Path

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.notes.models import Attendance, Barrier, Session
from alongside.notes.tests.helpers import make_session, signed_note


def _post_session(client, cast, **data):
    values = {
        "date": "2025-03-04",
        "minutes": 50,
        "modality": "video",
        "attendance": "attended",
        "version": 1,
        **data,
    }
    return client.post(reverse("notes:session_new", args=[cast.client.pk]), values)


def test_a_therapist_records_a_missed_session_with_what_got_in_the_way(client, cast):
    client.force_login(cast.river)
    response = _post_session(client, cast, attendance="did_not_attend", barrier="childcare")
    assert response.status_code == 302
    session = Session.objects.get(client=cast.client)
    assert (session.attendance, session.barrier) == (Attendance.DID_NOT_ATTEND, Barrier.CHILDCARE)
    assert AuditEvent.objects.filter(object_type="session", action="create").count() == 1


def test_save_and_write_the_note_opens_a_draft(client, cast):
    client.force_login(cast.river)
    response = _post_session(client, cast, write_note="1")
    session = Session.objects.get(client=cast.client)
    assert response.status_code == 302
    assert response.url == reverse("notes:edit", args=[session.note.pk])


def test_a_barrier_on_an_attended_session_is_refused_next_to_the_field(client, cast):
    client.force_login(cast.river)
    response = _post_session(client, cast, barrier="cost", minutes=45)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_barrier_errors"' in body
    assert 'value="45"' in body  # what was typed stays
    assert not Session.objects.exists()


def test_a_supervisor_cannot_record_a_session(client, cast):
    client.force_login(cast.sam)
    assert _post_session(client, cast).status_code == 404
    assert not Session.objects.exists()


def test_a_session_with_a_signed_note_cannot_be_changed(client, cast):
    note = signed_note(cast)
    client.force_login(cast.river)
    url = reverse("notes:session_edit", args=[cast.client.pk, note.session.pk])
    response = client.post(
        url,
        {
            "date": "2020-01-01",
            "minutes": 10,
            "modality": "phone",
            "attendance": "attended",
            "version": 1,
        },
    )
    assert response.status_code == 409
    assert note.session.date == Session.objects.get(pk=note.session.pk).date


def test_a_session_edit_over_a_newer_save_is_refused(client, cast):
    session = make_session(cast.client)
    client.force_login(cast.river)
    url = reverse("notes:session_edit", args=[cast.client.pk, session.pk])
    data = {"date": "2025-01-01", "minutes": 60, "modality": "phone", "attendance": "attended"}
    assert client.post(url, {**data, "version": 1}).status_code == 302
    response = client.post(url, {**data, "minutes": 30, "version": 1})
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert Session.objects.get(pk=session.pk).minutes == 60


def test_a_session_of_another_client_is_not_found_through_this_client(client, cast):
    other = make_session(cast.other_client)
    client.force_login(cast.river)
    url = reverse("notes:session_edit", args=[cast.client.pk, other.pk])
    assert client.get(url).status_code == 404


NO_SHOW = re.compile(r"no[\s\-]?show", re.IGNORECASE)


def test_not_attending_is_never_called_a_no_show_in_the_product(client, cast):
    make_session(cast.client, attendance=Attendance.DID_NOT_ATTEND, barrier=Barrier.TRANSPORT)
    root = Path(__file__).resolve().parents[2]
    for path in [*root.glob("*/templates/**/*.html"), *root.glob("notes/*.py")]:
        assert not NO_SHOW.search(path.read_text()), path
    for choice in Attendance.labels:
        assert not NO_SHOW.search(str(choice))
    client.force_login(cast.river)
    body = client.get(cast.client.get_absolute_url()).content.decode()
    assert "Did not attend" in body and "transport" in body
    assert not NO_SHOW.search(body)


def test_the_session_form_offers_only_real_ways_to_meet_and_says_not_said_in_words(client, cast):
    client.force_login(cast.river)
    page = client.get(reverse("notes:session_new", args=[cast.client.pk])).content.decode()
    assert "---------" not in page
    assert page.count('name="modality"') == 3  # in person, video, phone: no blank button
    assert '<option value="" selected>Not said</option>' in page


def _session_dates(page: str) -> list[str]:
    return re.findall(r'<p class="session-when"><strong>([^<]+)</strong>', page)


def test_a_long_history_of_sessions_pages_newest_first_and_every_one_is_reachable(client, cast):
    for days_ago in range(1, 46):
        make_session(cast.client, days_ago=days_ago * 7)
    client.force_login(cast.river)
    url = reverse("clients:detail", args=[cast.client.pk])
    first = client.get(url).content.decode()
    assert len(_session_dates(first)) == 20
    assert "Page 1 of 3" in first and 'href="?page=2"' in first
    last = client.get(url + "?page=3").content.decode()
    assert len(_session_dates(last)) == 5
    oldest = Session.objects.filter(client=cast.client).order_by("date").first()
    assert oldest.date.strftime("%-d %b %Y") in _session_dates(last)
    shown = set()
    for number in (1, 2, 3):
        shown |= set(_session_dates(client.get(f"{url}?page={number}").content.decode()))
    assert len(shown) == 45
    assert len(_session_dates(client.get(url + "?page=junk").content.decode())) == 20


def test_the_record_page_costs_the_same_queries_with_5_or_60_sessions(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.river)
    url = reverse("clients:detail", args=[cast.client.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    signed_note(cast, days_ago=1)
    for days_ago in range(2, 6):
        make_session(cast.client, days_ago=days_ago)
    few = queries()
    for days_ago in range(200, 255):
        make_session(cast.client, days_ago=days_ago)
    assert queries() == few
