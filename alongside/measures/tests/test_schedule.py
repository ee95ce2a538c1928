"""Schedules turn into check-ins when due, and lapse when their time has passed."""

from datetime import date, timedelta

from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Schedule
from alongside.measures.schedule import make_due
from alongside.notes.models import Attendance, Session

START = date(2026, 3, 2)


def _assign(cast, schedule, **extra):
    return Assignment.objects.create(
        client=cast.client,
        instrument="session-feedback",
        schedule=schedule,
        starts_on=START,
        **extra,
    )


def test_once_makes_one_check_in(cast):
    assignment = _assign(cast, Schedule.ONCE)
    make_due([assignment], START)
    make_due([assignment], START + timedelta(days=30))
    assert CheckIn.objects.get().closes_on is None


def test_every_n_weeks_makes_the_latest_and_lapses_the_one_before(cast):
    assignment = _assign(cast, Schedule.EVERY_N_WEEKS, every_weeks=2)
    make_due([assignment], START + timedelta(days=3))
    make_due([assignment], START + timedelta(days=16))
    first, second = CheckIn.objects.order_by("due_on")
    assert (first.due_on, second.due_on) == (START, START + timedelta(weeks=2))
    assert first.status == CheckInStatus.LAPSED and second.status == CheckInStatus.OPEN


def test_nothing_is_due_before_the_start(cast):
    assignment = _assign(cast, Schedule.EVERY_N_WEEKS, every_weeks=1)
    assert make_due([assignment], START - timedelta(days=1)) == []


def test_after_each_session_opens_on_the_day_of_an_attended_session(cast):
    assignment = _assign(cast, Schedule.AFTER_SESSION)
    attended = Session.objects.create(
        client=cast.client, date=START + timedelta(days=7), modality="video"
    )
    Session.objects.create(
        client=cast.client,
        date=START + timedelta(days=14),
        modality="video",
        attendance=Attendance.DID_NOT_ATTEND,
    )
    make_due([assignment], START + timedelta(days=10))
    check_in = CheckIn.objects.get()
    assert (check_in.session, check_in.closes_on) == (attended, START + timedelta(days=14))
    make_due([assignment], START + timedelta(days=14))  # the missed session asks nothing
    assert CheckIn.objects.count() == 1
    make_due([assignment], START + timedelta(days=15))
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.LAPSED


def test_before_each_session_opens_three_days_ahead_and_closes_on_the_day(cast):
    assignment = _assign(cast, Schedule.BEFORE_SESSION)
    session = Session.objects.create(
        client=cast.client, date=START + timedelta(days=10), modality="in_person"
    )
    assert make_due([assignment], START + timedelta(days=5)) == []
    [check_in] = make_due([assignment], START + timedelta(days=8))
    assert (check_in.session, check_in.closes_on) == (session, session.date)
    make_due([assignment], START + timedelta(days=11))
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.LAPSED


def test_a_stopped_assignment_makes_nothing(cast):
    from django.utils import timezone

    assignment = _assign(cast, Schedule.ONCE, stopped_at=timezone.now())
    assert make_due([assignment], START) == []


def test_the_cron_command_opens_due_check_ins_and_emails_each_link_once(cast, mailoutbox):
    import pytest
    from django.core.management import CommandError, call_command
    from django.utils import timezone

    from alongside.measures import links

    today = timezone.localdate()
    Assignment.objects.create(
        client=cast.client,
        instrument="session-feedback",
        schedule=Schedule.EVERY_N_WEEKS,
        every_weeks=2,
        starts_on=today,
        email_links=True,
    )
    Assignment.objects.create(  # no email asked for: opened, not sent
        client=cast.other_client, instrument="eds", schedule=Schedule.ONCE, starts_on=today
    )
    call_command("check_ins_due", base_url="https://therapy.example.org")
    assert CheckIn.objects.filter(status=CheckInStatus.OPEN).count() == 2
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ash@example.invalid"]
    link = next(w for w in mailoutbox[0].body.split() if w.startswith("https://therapy.example"))
    state, opened = links.open_link(link.rsplit("/", 2)[-2])
    assert (state, opened.client) == (links.LinkState.OK, cast.client)
    assert "Canary" not in mailoutbox[0].body  # no name in an email that may be shared
    call_command("check_ins_due", base_url="https://therapy.example.org")
    assert len(mailoutbox) == 1  # once per occasion
    with pytest.raises(CommandError):
        call_command("check_ins_due", base_url="")


def test_a_link_is_emailed_even_when_a_page_view_opened_the_check_in_first(cast, mailoutbox):
    """The client (or their therapist) opens a page before the hourly run: make_due runs
    there and makes the check-in, so the run itself makes nothing. The link still goes."""
    from django.core.management import call_command
    from django.utils import timezone

    from alongside.measures.schedule import make_due_for_client

    Assignment.objects.create(
        client=cast.client,
        instrument="session-feedback",
        schedule=Schedule.ONCE,
        starts_on=timezone.localdate(),
        email_links=True,
    )
    opened = make_due_for_client(cast.client)  # what the portal page does
    assert len(opened) == 1 and not mailoutbox
    call_command("check_ins_due", base_url="https://therapy.example.org")
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ash@example.invalid"]
    assert CheckIn.objects.get().link_emailed_at is not None
    call_command("check_ins_due", base_url="https://therapy.example.org")
    assert len(mailoutbox) == 1  # sent once


def test_a_link_the_therapist_emailed_is_not_sent_again_by_the_schedule(client, cast, mailoutbox):
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from alongside.measures.schedule import make_due_for_client

    Assignment.objects.create(
        client=cast.client,
        instrument="session-feedback",
        schedule=Schedule.ONCE,
        starts_on=timezone.localdate(),
        email_links=True,
    )
    (check_in,) = make_due_for_client(cast.client)
    client.force_login(cast.river)
    url = reverse("measures:make_link", args=[cast.client.pk, check_in.pk])
    assert client.post(url, {"send": "email"}).status_code == 302
    assert len(mailoutbox) == 1
    call_command("check_ins_due", base_url="https://therapy.example.org")
    assert len(mailoutbox) == 1  # the therapist's link is the one the client has
