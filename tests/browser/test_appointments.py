"""Appointments in Chromium, axe on every page.

River (1280px, mouse) sets her working hours and books a weekly appointment with Ash. Ash
(360px phone, keyboard only: focus, Enter and Space) asks for a free time within her hours.
River confirms it, and Ash sees it confirmed on his phone, with how to change it.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alongside.appointments.models import Appointment, Status
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def press(page: Page, locator) -> None:
    locator.focus()
    page.keyboard.press("Enter")


def test_a_therapist_sets_availability_books_a_series_and_confirms_a_clients_request(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.get_by_role("link", name="Calendar", exact=True).click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Week of")
    axe(river)

    # Working hours on the day three days from now (the practice asks 24 hours' notice).
    work_day = timezone.localdate() + timedelta(days=3)
    river.get_by_role("link", name="Working hours and time off").click()
    axe(river)
    river.get_by_label("Day (required)").select_option(label=work_day.strftime("%A"))
    river.get_by_label("From (required)").fill("09:00")
    river.get_by_label("Until (required)").fill("12:00")
    river.get_by_role("button", name="Add working hours").click()
    expect(river.get_by_role("status")).to_contain_text("Saved")
    axe(river)

    # A weekly appointment, four times, starting next week.
    river.get_by_role("link", name="Back to the calendar").click()
    axe(river)
    river.get_by_role("link", name="Book an appointment").click()
    axe(river)
    river.get_by_role("button", name="Book").click()  # empty: refused next to the fields
    expect(river.locator("#id_client_errors")).to_be_visible()
    axe(river)
    first = timezone.localdate() + timedelta(days=7)
    river.get_by_label("Client (required)").select_option(label="Ash Canary")
    river.get_by_label("Date (required)").fill(first.isoformat())
    river.get_by_label("Time (required)").fill("15:00")
    river.get_by_label("Length in minutes (required)").fill("50")
    river.get_by_label("In person").check()
    river.get_by_label("Repeat").select_option(label="Every week")
    river.get_by_label("How many times (required)").fill("4")
    river.get_by_role("button", name="Book").click()
    expect(river.get_by_role("status")).to_contain_text("Booked 4")
    expect(river.locator(".week")).to_contain_text("Ash Canary")
    axe(river)
    assert Appointment.objects.filter(client=cast.client, series__isnull=False).count() == 4

    # Ash, on his phone, by keyboard: asks for a free time.
    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto("/my/appointments/")
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your appointments")
    axe(ash)
    press(ash, ash.get_by_role("link", name="Ask for a time"))
    expect(ash.get_by_role("heading", level=1)).to_have_text("Ask for a time")
    axe(ash)
    first_free = ash.get_by_role("radio").first
    first_free.focus()
    ash.keyboard.press("Space")
    expect(first_free).to_be_checked()
    press(ash, ash.get_by_role("button", name="Ask for this time"))
    expect(ash.get_by_role("status")).to_contain_text("Your therapist will confirm")
    expect(ash.get_by_text("waiting for your therapist to confirm")).to_be_visible()
    axe(ash)
    asked = Appointment.objects.get(client=cast.client, status=Status.REQUESTED)
    assert timezone.localtime(asked.starts_at).date() == work_day

    # River sees the request and confirms it.
    river.goto("/calendar/")
    axe(river)
    river.locator("#asked-h + ul").get_by_role("link").first.click()
    expect(river.get_by_role("heading", level=1)).to_contain_text("Appointment with Ash Canary")
    axe(river)
    river.get_by_role("button", name="Confirm this time").click()
    expect(river.get_by_role("status")).to_contain_text("Confirmed")
    axe(river)
    asked.refresh_from_db()
    assert asked.status == Status.BOOKED

    # Ash's home shows his next appointment and how to change it.
    ash.goto("/my/")
    axe(ash)
    card = ash.locator("section", has=ash.get_by_role("heading", name="Your next appointment"))
    expect(card).to_be_visible()
    press(ash, card.get_by_role("link", name="See it, or change it"))
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your appointment")
    expect(ash.get_by_role("button", name="Cancel this appointment")).to_be_visible()
    axe(ash)
