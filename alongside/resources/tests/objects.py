"""Directory entries and referrals for the cast, incl. the access walk in
tests/test_object_access.py."""

from alongside.resources.build import add_service
from alongside.resources.models import Flag, FlagReason, Referral, Status

CANARY_MESSAGE = "CANARY-REFERRAL-MESSAGE"


def service(cast, **extra):
    values = {
        "name": "Tenants' Union Advice Line",
        "organization": "Riverside Tenants' Union",
        "needs": ["housing", "legal"],
        "tags": ["free", "no_id"],
        "languages": ["English", "Arabic"],
        "areas": ["Riverside"],
        "city": "Riverside",
        "phone": "020 7946 0001",
    }
    values.update(extra)
    return add_service(cast.practice, values.pop("name"), **values)


def referral(cast, **extra):
    fields = {
        "client": cast.client,
        "service": service(cast),
        "message": CANARY_MESSAGE,
        "shared_by": cast.river,
    }
    fields.update(extra)
    return Referral.objects.create(**fields)


def tracked_referral(cast):
    from django.utils import timezone

    return referral(cast, status=Status.SUGGESTED, consented_at=timezone.now())


def flag(cast):
    return Flag.objects.create(
        service=service(cast), reason=FlagReason.CLOSED, flagged_by=cast.river
    )
