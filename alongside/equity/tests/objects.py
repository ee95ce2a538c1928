"""Equity objects for the access walk in tests/test_object_access.py: a reporting group and
a rule in the cast's practice (the admin's to change; nobody else's)."""

from alongside.context.models import Dimension
from alongside.equity.models import GroupRule, ReportingGroup


def group(cast) -> ReportingGroup:
    found, _created = ReportingGroup.objects.get_or_create(
        practice=cast.practice, dimension=Dimension.objects.get(code="ethnicity"), label="Black"
    )
    return found


def rule(cast) -> GroupRule:
    return GroupRule.objects.create(group=group(cast), match="contains", phrase="black")
