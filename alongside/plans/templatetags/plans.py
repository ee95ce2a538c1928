from datetime import timedelta

from django import template
from django.utils import timezone

register = template.Library()

# A review shows on the caseload from a week before its date, and stays until it is moved.
DUE_WITHIN = timedelta(days=7)


@register.filter
def review_due(review_on) -> bool:
    return review_on is not None and review_on <= timezone.localdate() + DUE_WITHIN
