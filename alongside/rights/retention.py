"""The retention rule: until when a client's record must be kept.

Defaults, from the research (docs/data-rights.md):

- England (Records Management Code of Practice 2021): mental health records 20 years after
  treatment ends; children's records at least until their 25th birthday (26th if they were
  17 at the end). The shipped default.
- US (APA record keeping guidelines): 7 years after the last service, or 3 years after a
  minor comes of age, whichever is later. States vary (CA, NC, TN, CT 7 years; PA 5).

A practice sets its own rule (RetentionRule); with none, the English default applies.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PRESETS = {
    "england": {
        "years_after_last_contact": 20,
        "age_of_majority": 18,
        "minor_keep_until_age": 25,
        "minor_years_after_majority": 0,
    },
    "us_apa": {
        "years_after_last_contact": 7,
        "age_of_majority": 18,
        "minor_keep_until_age": 0,
        "minor_years_after_majority": 3,
    },
}
DEFAULT = "england"


@dataclass(frozen=True)
class Rule:
    years_after_last_contact: int
    age_of_majority: int = 18
    minor_keep_until_age: int = 0
    minor_years_after_majority: int = 0


@dataclass(frozen=True)
class Decision:
    keep_until: date | None  # None: nothing obliges us to keep it
    reason: str

    def must_keep(self, today: date) -> bool:
        return self.keep_until is not None and today < self.keep_until


def rule_for(practice) -> Rule:
    from alongside.rights.models import RetentionRule

    row = RetentionRule.objects.filter(practice=practice).first()
    if row is None:
        return Rule(**PRESETS[DEFAULT])
    return Rule(
        years_after_last_contact=row.years_after_last_contact,
        age_of_majority=row.age_of_majority,
        minor_keep_until_age=row.minor_keep_until_age,
        minor_years_after_majority=row.minor_years_after_majority,
    )


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def keep_until(rule: Rule, last_contact: date | None, birth: date | None) -> Decision:
    """The date until which the record must be kept, and why, in words for the client."""
    if last_contact is None:
        return Decision(None, _("Nothing has been recorded that the law says we must keep."))
    until = add_years(last_contact, rule.years_after_last_contact)
    reason = ngettext(
        "Health records must be kept for %(years)d year after the last contact (%(last)s).",
        "Health records must be kept for %(years)d years after the last contact (%(last)s).",
        rule.years_after_last_contact,
    ) % {
        "years": rule.years_after_last_contact,
        "last": date_format(last_contact, "DATE_FORMAT"),
    }
    if birth is not None and last_contact < add_years(birth, rule.age_of_majority):
        candidates = []
        if rule.minor_keep_until_age:
            candidates.append(add_years(birth, rule.minor_keep_until_age))
        if rule.minor_years_after_majority:
            candidates.append(
                add_years(birth, rule.age_of_majority + rule.minor_years_after_majority)
            )
        if candidates and max(candidates) > until:
            until = max(candidates)
            reason = _(
                "You were under %(age)d during the work, and the records of people who were "
                "children must be kept longer."
            ) % {"age": rule.age_of_majority}
    return Decision(until, reason)
