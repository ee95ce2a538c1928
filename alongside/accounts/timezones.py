"""Time zones: each person's, falling back to their practice's, then the site's.

Stored as IANA names ("Europe/London") and checked against the zone database Python ships
(zoneinfo), so a typo is refused next to its field rather than failing on a later page.
"""

import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in known_zones():
        raise ValidationError(
            _("Choose a time zone from the list, such as Europe/London."), code="invalid"
        )


def zone_choices():
    return [("", _("The practice's time zone"))] + [(z, z) for z in sorted(known_zones())]


def zone_name_for(user) -> str:
    """The zone a person sees times in: their own, else their practice's, else the site's."""
    own = getattr(user, "time_zone", "") or ""
    if own in known_zones():
        return own
    practice = getattr(user, "practice", None) if getattr(user, "practice_id", None) else None
    if practice is not None and practice.time_zone in known_zones():
        return practice.time_zone
    return settings.TIME_ZONE


def zone_for(user) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(zone_name_for(user))


class TimeZoneMiddleware:
    """Shows every time on a page in the signed-in person's zone (forms read times in it too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
