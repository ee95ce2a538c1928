"""What the report derives from encrypted records, kept between reports and processes.

A report needs, per client, a few numbers locked in encrypted records: the ratings in each
session-feedback questionnaire, the total of each PHQ-9 and GAD-7, and the reporting groups
their words on the map put them in. Decrypting and scoring ~100,000 questionnaires at
10,000 clients took ~10 s. So the numbers (never the text) are kept in one encrypted row
per practice and kind (`Derived`), decrypted in one go, and checked on every report
against a fingerprint of the records, taken by one aggregate query: how many rows, which
ids, the sum of versions where there are versions, and the newest change. When it
differs, only the rows changed since the newest change folded in are decrypted again
(`watermark`); the rest are reused by id. A change to the group rules derives every map
entry of that dimension again.

Who is counted is not decided here: the kept numbers cover all the practice's clients and
each report keeps only those counted at that moment, so an opt-out counts at once. The
nightly `equity_refresh` rebuilds everything from the records (see there).
"""

import hashlib
import json

from django.db.models import Case, Count, Max, Q, Sum, TextField, Value, When

from alongside.context.models import MapEntry
from alongside.equity import groups as grouping
from alongside.equity import memo
from alongside.equity.metrics import FEEDBACK
from alongside.equity.models import Derived
from alongside.measures import instruments
from alongside.measures.models import Response

SCORED = ("phq-9", "gad-7")
RESPONSES = "responses"
# Bump when what is derived changes shape: every kept row is then derived again.
SCHEMA = 1


def _stamp(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _kept(practice, kind: str, fingerprint: str, full: bool, salt: str = ""):
    """(rows, None) when the kept numbers are current; else (None, (old rows by id,
    watermark)), old rows only when they can be reused (same schema and `salt`)."""
    kept = Derived.objects.filter(practice=practice, kind=kind).first()
    if kept is None or full:
        return None, ({}, None)
    data = json.loads(kept.data)
    if not isinstance(data, dict) or data.get("salt") != salt:
        return None, ({}, None)
    if kept.fingerprint == fingerprint:
        return data["rows"], None
    return None, ({row[0]: row for row in data["rows"]}, kept.watermark)


def _changed(watermark, field: str):
    """The stored ciphertext of rows changed since the newest change folded in (others:
    None, their numbers are reused)."""
    changed = Q(updated_at__gte=watermark) if watermark is not None else Q(pk__isnull=False)
    return Case(When(changed, then=memo.raw(field)), default=Value(None), output_field=TextField())


def _fill_in(scope, field: str, listing: list, before: dict) -> dict:
    """Ciphertexts of rows neither changed nor kept (a client moved in from another
    practice), in one query."""
    missing = [row[0] for row in listing if row[-1] is None and row[0] not in before]
    if not missing:
        return {}
    return dict(scope.filter(pk__in=missing).annotate(s=memo.raw(field)).values_list("pk", "s"))


def _keep(practice, kind, fingerprint, watermark, rows, salt: str = "") -> None:
    """Write (or overwrite) the kept numbers in one statement, whether or not a row was
    there, so a report's queries don't depend on it; a report racing this one writes the
    same numbers."""
    data = json.dumps({"salt": salt, "rows": rows}, separators=(",", ":"))
    Derived.objects.bulk_create(
        [
            Derived(
                practice=practice,
                kind=kind,
                fingerprint=fingerprint,
                watermark=watermark,
                data=data,
            )
        ],
        update_conflicts=True,
        unique_fields=["practice", "kind"],
        update_fields=["fingerprint", "watermark", "data", "built_at"],
    )


# Questionnaires ------------------------------------------------------------------------


def _derive_response(instrument: str, text: str):
    answers = json.loads(text or "{}")
    if instrument in SCORED:
        return instruments.get(instrument).score(answers).total
    values = instruments.get(instrument).values(answers)
    return [values.get(item) for item in FEEDBACK]


def responses(practice, *, full: bool = False) -> list[list]:
    """[response id, client id, instrument, submitted (UTC, "YYYY-MM-DD HH:MM:SS"), derived]
    for every submitted feedback, PHQ-9 and GAD-7 of the practice's clients, oldest first.
    Derived: the five ratings (feedback) or the total score (None if incomplete)."""
    scope = Response.objects.filter(
        client__practice=practice,
        instrument__in=["session-feedback", *SCORED],
        submitted_at__isnull=False,
    )
    state = scope.aggregate(n=Count("id"), ids=Sum("id"), newest=Max("updated_at"))
    fingerprint = _stamp(SCHEMA, RESPONSES, state["n"], state["ids"], state["newest"])
    rows, old = _kept(practice, RESPONSES, fingerprint, full, str(SCHEMA))
    if rows is not None:
        return rows
    before, watermark = old
    listing = list(
        scope.annotate(at=memo.raw("submitted_at"), stored=_changed(watermark, "answers_json"))
        .order_by("submitted_at", "id")
        .values_list("pk", "client_id", "instrument", "at", "stored")
    )
    found = _fill_in(scope, "answers_json", listing, before)
    rows = []
    for pk, client_id, instrument, at, stored in listing:
        if stored is None and pk in before:
            value = before[pk][4]
        else:
            value = memo.derived(
                RESPONSES,
                pk,
                stored or found.get(pk),
                lambda t, i=instrument: _derive_response(i, t),
            )
        rows.append([pk, client_id, instrument, at[:19].replace("T", " "), value])
    _keep(practice, RESPONSES, fingerprint, state["newest"], rows, str(SCHEMA))
    return rows


# Reporting groups ----------------------------------------------------------------------


def group_keys(practice, dimension, rules, *, full: bool = False) -> dict[int, list[str]]:
    """Client id -> the group keys their words on the map put them in, for one dimension,
    for the practice's clients with a line for it (the others have said nothing)."""
    kind = f"groups:{dimension.pk}"
    scope = MapEntry.objects.filter(client__practice=practice, dimension=dimension)
    state = scope.aggregate(
        n=Count("id"), ids=Sum("id"), versions=Sum("version"), newest=Max("updated_at")
    )
    # Kept keys are reused only under the same rules: a changed rule derives every entry.
    salt = _stamp(SCHEMA, sorted((r.group_key, r.match, r.phrase) for r in rules))
    fingerprint = _stamp(kind, salt, *state.values())
    rows, old = _kept(practice, kind, fingerprint, full, salt)
    if rows is None:
        before, watermark = old
        listing = list(
            scope.annotate(stored=_changed(watermark, "words"))
            .order_by("pk")
            .values_list("pk", "client_id", "prefer_not_to_say", "stored")
        )
        found = _fill_in(scope, "words", listing, before)
        rules_key = tuple(rules)
        rows = []
        for pk, client_id, prefer, stored in listing:
            if stored is None and pk in before:
                keys = before[pk][2]
            else:
                derived = memo.derived(
                    "map",
                    pk,
                    stored or found.get(pk),
                    lambda words, p=prefer: frozenset(grouping.groups_in(words, p, rules)),
                    prefer,
                    rules_key,
                )
                keys = sorted(derived)
            rows.append([pk, client_id, keys])
        _keep(practice, kind, fingerprint, state["newest"], rows, salt)
    return {client_id: keys for _pk, client_id, keys in rows}
