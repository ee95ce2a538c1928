"""'Who has seen my record' on a phone (360px), axe on every page: Ash finds it from his
portal home, reads who opened his record by person and day, sees the emergency opening
with its reason and hour, and pages back through older days."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.models import EmergencyAccess
from conftest import PASSWORD

pytestmark = pytest.mark.browser

REASON = "Duty line: Ash called in crisis and I need his safety plan."


def _older_days(cast, days=25):
    """Sam read the record once a day for weeks: more days than one page holds."""
    for days_ago in range(1, days + 1):
        at = timezone.now() - timedelta(days=days_ago)
        with mock.patch("alongside.audit.chain.timezone.now", return_value=at):
            record(
                actor=cast.sam,
                action=Action.VIEW,
                object_type="map_entry",
                object_id=cast.client.pk,
                client_id=cast.client.pk,
            )


def _history(cast):
    for n in range(60):
        record(
            actor=cast.river,
            action=Action.VIEW,
            object_type="note" if n % 2 else "formulation",
            object_id=cast.client.pk,
            client_id=cast.client.pk,
        )
    cast.admin.is_privacy_officer = True
    cast.admin.save()
    record(
        actor=cast.admin,
        action=Action.VIEW,
        object_type="emergency_access",
        object_id=1,
        client_id=cast.client.pk,
    )
    EmergencyAccess.objects.create(
        user=cast.colleague,
        client=cast.client,
        reason=REASON,
        expires_at=timezone.now() + timedelta(minutes=60),
    )
    record(
        actor=cast.colleague,
        action=Action.EMERGENCY,
        object_type="client",
        object_id=cast.client.pk,
        client_id=cast.client.pk,
    )


def test_client_reads_who_has_seen_their_record_on_a_phone(phone, axe, sign_in, cast):
    _history(cast)
    _older_days(cast)
    ash = phone
    sign_in(ash, "ash", PASSWORD)
    ash.locator("summary", has_text="Menu").click()  # on a phone the menu is folded
    ash.get_by_role("link", name="Who has seen my record").first.click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Who has seen my record")
    axe(ash)
    main = ash.get_by_role("main")
    emergency = ash.get_by_role("region", name="Opened in an emergency")
    expect(emergency).to_contain_text(REASON)
    expect(emergency).to_contain_text("still open")
    # Sixty page views are one line for River, with the parts of the record she read.
    river = main.locator(".seen-list li", has_text="River, your therapist")
    expect(river).to_have_count(1)
    expect(river).to_contain_text("Looked at: your session notes, your story.")
    expect(river).to_contain_text("60 pages opened or saved")
    expect(main).to_contain_text("Admin, privacy officer")
    expect(main).to_contain_text("Opened your record in an emergency.")
    expect(main).not_to_contain_text("Ash, ")  # his own visits are left out
    # Nothing is wider than the phone.
    assert ash.evaluate("document.documentElement.scrollWidth") <= 360
    # Older days are on the next pages.
    ash.get_by_role("link", name="Next page").click()
    expect(main).to_contain_text("Page 2 of 2")
    axe(ash)
    sam = main.locator(".seen-list li", has_text="Sam, your therapist's supervisor")
    expect(sam.first).to_contain_text("Looked at: your map.")
    expect(ash.get_by_role("region", name="Opened in an emergency")).to_contain_text(REASON)
