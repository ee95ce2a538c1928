"""Which rules a practice's therapists set aside, and why: counts only, no text."""

from django.db.models import Count

from alongside.language import _checker
from alongside.writing.models import Dismissal, DismissReason


def dismissals_by_rule(practice) -> list[dict]:
    counts = (
        Dismissal.objects.filter(practice=practice)
        .values("rule", "reason")
        .annotate(n=Count("id"))
        .order_by("rule")
    )
    categories = {rule.id: rule.category for rule in _checker((), ()).rules}
    rows: dict[str, dict] = {}
    for row in counts:
        item = rows.setdefault(
            row["rule"],
            {
                "rule": row["rule"],
                "category": categories.get(row["rule"], ""),
                "total": 0,
                "reasons": {},
            },
        )
        item["total"] += row["n"]
        item["reasons"][DismissReason(row["reason"]).label] = row["n"]
    return sorted(rows.values(), key=lambda r: (-r["total"], r["rule"]))
