"""Reminders: at the times the client chooses, turned off when they say so, holding only a
time, and sent once by `alongside send_reminders`."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alongside.appointments import records, reminders
from alongside.appointments.models import Reminder
from alongside.appointments.tests.objects import CANARY_REASON, appointment, at


def _due_now(item):
    Reminder.objects.filter(appointment=item).update(due_at=timezone.now() - timedelta(minutes=1))


def test_a_booking_plans_a_reminder_a_day_before_by_default(cast):
    (item,) = records.book(cast.river, cast.client, at(days=5), minutes=50)
    (reminder,) = Reminder.objects.filter(appointment=item)
    assert reminder.due_at == item.starts_at - timedelta(hours=24)
    assert reminder.channel == "email"


def test_the_client_chooses_when_and_existing_reminders_follow(client, cast):
    (item,) = records.book(cast.river, cast.client, at(days=5), minutes=50)
    client.force_login(cast.client_user)
    client.post(reverse("appointments:my_reminders"), {"by_email": "on", "hours": ["2", "48"]})
    due = sorted(r.due_at for r in Reminder.objects.filter(appointment=item))
    assert due == [item.starts_at - timedelta(hours=48), item.starts_at - timedelta(hours=2)]


def test_the_client_can_turn_reminders_off(client, cast):
    (item,) = records.book(cast.river, cast.client, at(days=5), minutes=50)
    client.force_login(cast.client_user)
    client.post(reverse("appointments:my_reminders"), {})
    assert not Reminder.objects.filter(appointment=item).exists()
    records.book(cast.river, cast.client, at(days=6), minutes=50)
    assert not Reminder.objects.exists()


def test_a_reminder_holds_a_time_and_nothing_clinical_or_private(cast):
    item = appointment(cast, starts_at=at(days=2, hour=15))
    reminders.plan_reminders(item)
    _due_now(item)
    call_command("send_reminders")
    (message,) = mail.outbox
    for secret in (CANARY_REASON, "Ash", "Canary", "River", "CANARY-SELF-DESCRIPTION"):
        assert secret not in message.body
    assert "15:00" in message.body
    assert message.attachments[0][0] == "appointment.ics"


def test_a_reminder_is_in_the_clients_own_time_zone(cast):
    cast.client_user.time_zone = "Asia/Tokyo"
    cast.client_user.save()
    item = appointment(cast, starts_at=at(days=2, hour=1))  # 01:00 UTC is 10:00 in Tokyo
    reminders.plan_reminders(item)
    _due_now(item)
    call_command("send_reminders")
    assert "10:00 (Asia/Tokyo)" in mail.outbox[0].body


def test_running_send_reminders_again_sends_nothing_more(cast):
    item = appointment(cast)
    reminders.plan_reminders(item)
    _due_now(item)
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_a_cancelled_appointment_gets_no_reminder(cast):
    item = appointment(cast)
    reminders.plan_reminders(item)
    records.cancel(cast.river, item, by="client", reason="")
    Reminder.objects.create(
        appointment=item, channel="email", due_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("send_reminders")
    assert mail.outbox == []


class Texts:
    sent: list = []

    def send(self, to, text):
        Texts.sent.append((to, text))


@pytest.fixture
def text_provider(settings):
    settings.ALONGSIDE_SMS_PROVIDER = f"{__name__}.Texts"
    Texts.sent = []
    return Texts


def test_text_reminders_are_off_unless_a_provider_is_named(cast):
    cast.client.phone = "07700 900000"
    cast.client.save()
    records.choose_reminders(cast.river, cast.client, by_email=False, by_text=True, hours=[24])
    item = appointment(cast)
    reminders.plan_reminders(item)
    _due_now(item)
    call_command("send_reminders")
    assert Reminder.objects.get(appointment=item).skipped == "no text provider"


def test_a_named_provider_gets_the_text_reminder(cast, text_provider):
    cast.client.phone = "07700 900000"
    cast.client.save()
    records.choose_reminders(cast.river, cast.client, by_email=False, by_text=True, hours=[24])
    item = appointment(cast)
    reminders.plan_reminders(item)
    _due_now(item)
    call_command("send_reminders")
    ((to, text),) = text_provider.sent
    assert to == "07700 900000"
    assert "Canary" not in text and CANARY_REASON not in text
