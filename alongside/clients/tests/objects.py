"""Client-app objects for the generated walks (tests/test_object_access.py and friends)."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.models import EmergencyAccess


def emergency_opening(cast) -> EmergencyAccess:
    """An emergency opening of Ash's record, over and waiting for review, with the practice
    admin as privacy officer (the only person who may review it). Opened by the outsider
    therapist, so the opening gives nobody in the cast any access."""
    cast.admin.is_privacy_officer = True
    cast.admin.email = cast.admin.email or "admin@example.invalid"
    cast.admin.save(update_fields=["is_privacy_officer", "email"])
    found = EmergencyAccess.objects.filter(user=cast.outsider_therapist).first()
    return found or EmergencyAccess.objects.create(
        user=cast.outsider_therapist,
        client=cast.client,
        reason="Duty line call, safety plan needed.",
        expires_at=timezone.now() - timedelta(minutes=5),
    )
