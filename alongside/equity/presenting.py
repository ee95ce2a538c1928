"""How a protected table is shown: column names, cells in words, and the chart's bars."""

from django.utils.translation import gettext_lazy as _

from alongside.core.numbers import percent, plain
from alongside.equity.metrics import FEEDBACK

VALUE_LABELS = {
    "over_4_weeks_rate": _("share who waited over 4 weeks"),
    "median_days": _("median days waited"),
    "mean_days": _("average days waited"),
    "attended_rate": _("share of sessions attended"),
    "practice_cancelled_rate": _("share cancelled by the practice"),
    "cost_rate": _("share where cost got in the way"),
    "discrimination_rate": _("share where it was discrimination"),
    "unagreed_rate": _("share without an agreed ending"),
    "improved_rate": _("share reliably improved"),
    "deteriorated_rate": _("share reliably worse"),
    "followed_up_rate": _("share followed up"),
    "median_days_to_follow_up": _("median days to follow-up"),
    "mean_safe": _("felt safe (0-10)"),
    "mean_heard": _("felt heard (0-10)"),
    "mean_respected": _("identity respected (0-10)"),
    "mean_power": _("power shared (0-10)"),
    "mean_overall": _("overall (0-10)"),
}
SCALE_MAX = {f"mean_{item}": 10 for item in FEEDBACK}


def columns(metric) -> list[tuple[str, str]]:
    cols = [("n", _("people"))]
    cols += [(p, metric.labels.get(p, p)) for p in metric.parts]
    if metric.base not in (None, "n"):
        cols.append((metric.base, metric.base_label))
    cols += [(name, VALUE_LABELS.get(name, name)) for name, _a, _b in metric.rates]
    cols += [(name, VALUE_LABELS.get(name, name)) for name, _c in metric.averages]
    return cols


def shown(key, value) -> str:
    if value is None:
        return str(_("hidden"))
    if key.endswith("_rate"):
        return percent(value)
    return plain(value) if isinstance(value, (float, int)) else str(value)


def present(table) -> dict:
    metric = table.metric
    cols = columns(metric)
    rows = table.rows()
    unit = metric.unit or (cols[-1][0] if len(cols) > 1 else "n")
    values = [r.get(unit) for r in rows]
    top = SCALE_MAX.get(unit) or (
        1 if unit.endswith("_rate") else max([v for v in values if v] or [1])
    )
    bars = []
    for i, row in enumerate(rows):
        value = row.get(unit)
        bars.append(
            {
                "label": str(row["group"]),
                "y": 8 + i * 30,
                "text_y": 8 + i * 30 + 15,
                "width": 0 if value is None else round(230 * value / top, 1),
                "text": shown(unit, value),
                "hidden": value is None,
            }
        )
    return {
        "key": metric.key,
        "title": metric.title,
        "explain": metric.explain,
        "columns": cols,
        "rows": [
            {
                "group": row["group"],
                "suppressed": row["suppressed"],
                "cells": [shown(key, row.get(key)) for key, _label in cols],
            }
            for row in rows
        ],
        "unit_label": dict(cols).get(unit, ""),
        "bars": bars,
        "height": 16 + 30 * len(rows),
    }


def csv_rows(report, scope):
    """Rows for the CSV: one per table row, the same cells the page shows."""
    for table in report.tables:
        for key, label in columns(table.metric):
            for row in table.rows():
                value = row.get(key)
                yield [
                    scope,
                    table.metric.key,
                    table.by,
                    str(row["group"]),
                    key,
                    str(label),
                    "" if value is None else value,
                    "hidden" if value is None else "",
                ]
