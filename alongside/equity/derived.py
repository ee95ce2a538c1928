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

Only counted clients' numbers are kept: the fingerprint covers the counted clients' rows,
so when someone says no, their numbers leave the kept row at the next report (or refresh);
and a report uses only the clients counted at that moment anyway. The nightly `equity_refresh`
derives everything again from the records, catching what no fingerprint can see (a record
changed without its change time, as by a raw SQL update).
"""

import base64
import hashlib
import json
import sys
import zlib
from array import array
from datetime import UTC, datetime

from django.db.models import Case, Count, F, Max, Q, Sum, TextField, Value, When

from alongside.context.models import MapEntry
from alongside.equity import groups as grouping
from alongside.equity import memo
from alongside.equity.metrics import FEEDBACK, OUTCOMES
from alongside.equity.models import Derived
from alongside.measures import instruments
from alongside.measures.models import Response

SCORED = OUTCOMES  # the scores whose change is reported
RESPONSES = "responses"
# Bump when what is derived changes shape: every kept row is then derived again.
SCHEMA = 3
MAX_IDS = 500  # ids in one query's IN list (SQLite limits the parameters of a query)


# Which rows are in scope: a row in or out (a client counted or not any more) changes these
# (two sums, so that one row leaving as another comes in is seen too).
_STATE = {
    "n": Count("id"),
    "ids": Sum("id"),
    "ids2": Sum(F("id") * F("id")),
    "clients": Sum("client_id"),
}


def _stamp(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def _kept(practice, kind: str, fingerprint: str, full: bool, salt: str):
    """(kept data, whether it is current). The data only when it can be reused: same
    schema and `salt`, and not asked to start again."""
    kept = Derived.objects.filter(practice=practice, kind=kind).first()
    if kept is None or full:
        return None, False
    data = json.loads(kept.data)
    if not isinstance(data, dict) or data.get("salt") != salt:
        return None, False
    data["watermark"] = kept.watermark
    return data, kept.fingerprint == fingerprint


def _changed(watermark, field: str):
    """The stored ciphertext of rows changed since the newest change folded in (others:
    None, their numbers are reused)."""
    changed = Q(updated_at__gte=watermark) if watermark is not None else Q(pk__isnull=False)
    return Case(When(changed, then=memo.raw(field)), default=Value(None), output_field=TextField())


def _fill_in(scope, field: str, listing: list, before: dict) -> dict:
    """Ciphertexts of rows neither changed nor kept (a client who has just said yes to
    being counted), in one query: by id, or all of them when that list would be long."""
    missing = [row[0] for row in listing if row[-1] is None and row[0] not in before]
    if not missing:
        return {}
    if len(missing) <= MAX_IDS:
        scope = scope.filter(pk__in=missing)
    return dict(scope.annotate(s=memo.raw(field)).values_list("pk", "s"))


def _keep(practice, kind, fingerprint, watermark, data: dict) -> None:
    """Write (or overwrite) the kept numbers in one statement, whether or not a row was
    there, so a report's queries don't depend on it; a report racing this one writes the
    same numbers."""
    data = json.dumps(data, separators=(",", ":"))
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
        total = instruments.get(instrument).score(answers).total
        return (NONE if total is None else total,)
    values = instruments.get(instrument).values(answers)
    return tuple(NONE if values.get(item) is None else values[item] for item in FEEDBACK)


NONE = -1  # an unanswered rating, an incomplete score
INT, REAL = "q", "d"
# Both tables are sorted by client (then by time), so a report finds each client's block
# and, with running totals, their sums over any period in a few steps, not a row at a time.
TABLES = {
    # Every submitted session-feedback: its five ratings (0-10, or NONE), and per rating
    # the running total of the ratings and of how many were answered, before each row.
    "feedback": {
        "pk": INT,
        "client": INT,
        "at": INT,
        **dict.fromkeys(FEEDBACK, REAL),
        **dict.fromkeys((f"sum_{item}" for item in FEEDBACK), REAL),
        **dict.fromkeys((f"answered_{item}" for item in FEEDBACK), INT),
    },
    # Every complete PHQ-9 and GAD-7 (index in SCORED) with its total, by client, then
    # questionnaire, then time.
    "scores": {"pk": INT, "client": INT, "instrument": INT, "at": INT, "total": REAL},
    # The incomplete ones, kept only so they are not decrypted again.
    "incomplete": {"pk": INT, "client": INT, "instrument": INT, "at": INT},
    # Where each client's rows begin (and, last, where the table ends).
    "feedback_blocks": {"client": INT, "start": INT},
    # Where each client's rows for each questionnaire begin.
    "scores_blocks": {"client": INT, "instrument": INT, "start": INT},
}
BLOCKS = {"feedback": ("client",), "scores": ("client", "instrument")}


class Answers:
    """The numbers from a practice's submitted questionnaires, as columns (arrays of
    numbers; `at` in whole seconds since 1970, UTC), in the TABLES above, with `blocks`:
    per table, where each client's rows (each client's and questionnaire's, for scores)
    begin, as (key, start) with an end marker. Kept compressed, read at C speed."""

    def __init__(self, tables: dict[str, dict[str, array]]):
        self.tables = tables
        self.feedback = tables["feedback"]
        self.scores = tables["scores"]

    @classmethod
    def made(cls, rows: list) -> "Answers":
        """From (pk, client id, instrument, at, derived numbers), any order."""
        tables = {t: {c: array(code) for c, code in cols.items()} for t, cols in TABLES.items()}
        feedback, scores, incomplete = tables["feedback"], tables["scores"], tables["incomplete"]
        running = dict.fromkeys(FEEDBACK, 0.0)
        answered = dict.fromkeys(FEEDBACK, 0)
        for pk, client_id, instrument, at, values in sorted(rows, key=lambda r: (r[1], r[3], r[0])):
            if instrument in SCORED:
                if values[0] == NONE:
                    row = (pk, client_id, SCORED.index(instrument), at)
                    for column, value in zip(incomplete.values(), row, strict=True):
                        column.append(value)
                    continue
                continue  # added below, in their own order
            for column, value in (("pk", pk), ("client", client_id), ("at", at)):
                feedback[column].append(value)
            for item, value in zip(FEEDBACK, values, strict=True):
                feedback[item].append(value)
                feedback[f"sum_{item}"].append(running[item])
                feedback[f"answered_{item}"].append(answered[item])
                if value != NONE:
                    running[item] += value
                    answered[item] += 1
        for item in FEEDBACK:  # the running totals after the last row
            feedback[f"sum_{item}"].append(running[item])
            feedback[f"answered_{item}"].append(answered[item])
        complete = [r for r in rows if r[2] in SCORED and r[4][0] != NONE]
        for pk, client_id, instrument, at, values in sorted(
            complete, key=lambda r: (r[1], SCORED.index(r[2]), r[3], r[0])
        ):
            row = (pk, client_id, SCORED.index(instrument), at, values[0])
            for column, value in zip(scores.values(), row, strict=True):
                column.append(value)
        for name, columns in BLOCKS.items():
            table, blocks = tables[name], tables[f"{name}_blocks"]
            keys = list(zip(*(table[column] for column in columns), strict=True))
            for i, key in enumerate(keys):
                if i == 0 or key != keys[i - 1]:
                    for column, value in zip(columns, key, strict=True):
                        blocks[column].append(value)
                    blocks["start"].append(i)
            blocks["start"].append(len(keys))
        return cls(tables)

    def blocks(self, name: str):
        """(key..., start, end) for each run of rows with the same key (BLOCKS)."""
        blocks = self.tables[f"{name}_blocks"]
        starts = blocks["start"]
        keys = (blocks[c] for c in BLOCKS[name])
        return zip(*keys, starts[:-1], starts[1:], strict=True)

    def rows(self) -> list[tuple]:
        """(response id, client id, instrument, at, derived numbers) for every row, as
        `made` takes them."""
        fb, sc, inc = self.feedback, self.scores, self.tables["incomplete"]
        ratings = (fb[name] for name in FEEDBACK)
        out = [
            (pk, client_id, "session-feedback", at, tuple(values))
            for pk, client_id, at, *values in zip(
                fb["pk"], fb["client"], fb["at"], *ratings, strict=True
            )
        ]
        for table, totals in ((sc, sc["total"]), (inc, [NONE] * len(inc["pk"]))):
            out += [
                (pk, client_id, SCORED[which], at, (total,))
                for pk, client_id, which, at, total in zip(
                    table["pk"],
                    table["client"],
                    table["instrument"],
                    table["at"],
                    totals,
                    strict=True,
                )
            ]
        return out

    def packed(self) -> dict:
        return {
            "order": sys.byteorder,
            "tables": {
                name: {
                    column: base64.b64encode(zlib.compress(values.tobytes(), 1)).decode()
                    for column, values in table.items()
                }
                for name, table in self.tables.items()
            },
        }

    @classmethod
    def unpacked(cls, data: dict) -> "Answers":
        tables = {}
        for name, columns in TABLES.items():
            tables[name] = {}
            for column, code in columns.items():
                values = array(code)
                values.frombytes(zlib.decompress(base64.b64decode(data["tables"][name][column])))
                if data["order"] != sys.byteorder:
                    values.byteswap()
                tables[name][column] = values
        return cls(tables)


def _seconds(stored: str) -> int:
    """A stored time (the database's own text for it, UTC) in whole seconds."""
    moment = datetime.fromisoformat(stored[:19].replace(" ", "T"))
    return int(moment.replace(tzinfo=UTC).timestamp())


def responses(practice, clients, *, full: bool = False) -> Answers:
    """The numbers from every submitted feedback, PHQ-9 and GAD-7 of `clients` (the
    practice's counted clients, a queryset)."""
    scope = Response.objects.filter(
        client__in=clients,
        instrument__in=["session-feedback", *SCORED],
        submitted_at__isnull=False,
    )
    state = scope.aggregate(**_STATE, newest=Max("updated_at"))
    salt = f"{SCHEMA}"  # a different layout: derived again, not misread
    fingerprint = _stamp(salt, RESPONSES, *state.values())
    data, current = _kept(practice, RESPONSES, fingerprint, full, salt)
    if current:
        return Answers.unpacked(data)
    kept = Answers.unpacked(data).rows() if data else []
    watermark = data["watermark"] if data else None
    # Two queries whatever changed: the rows saved since the kept numbers (all of them the
    # first time), with their ciphertext; and the ids of every row now in scope, so rows
    # gone (deleted, or their client no longer counted) go from the kept numbers too.
    changed = scope if watermark is None else scope.filter(updated_at__gte=watermark)
    recent = list(_with_answers(changed))
    in_scope = set(scope.values_list("pk", flat=True))
    rows = {row[0]: row for row in kept if row[0] in in_scope}
    rows.update((row[0], row) for row in recent)
    missing = in_scope - rows.keys()  # rows of a client who has just said yes, say
    if missing:
        more = scope.filter(pk__in=missing) if len(missing) <= MAX_IDS else scope
        rows.update((row[0], row) for row in _with_answers(more) if row[0] in missing)
    answers = Answers.made([_derived_row(row) for row in rows.values()])
    _keep(practice, RESPONSES, fingerprint, state["newest"], {"salt": salt, **answers.packed()})
    return answers


def _with_answers(rows):
    return rows.annotate(at=memo.raw("submitted_at"), stored=memo.raw("answers_json")).values_list(
        "pk", "client_id", "instrument", "at", "stored"
    )


def _derived_row(row) -> tuple:
    """A kept row as it is, or a row just read: its numbers derived from its answers."""
    if isinstance(row[3], int):
        return row
    pk, client_id, instrument, at, stored = row
    values = memo.derived(RESPONSES, pk, stored, lambda t, i=instrument: _derive_response(i, t))
    return (pk, client_id, instrument, _seconds(at), values)


# Reporting groups ----------------------------------------------------------------------


def group_keys(practice, clients, dimension, rules, *, full=False) -> dict[int, list[str]]:
    """Client id -> the group keys their words on the map put them in, for one dimension,
    for the practice's clients with a line for it (the others have said nothing)."""
    kind = f"groups:{dimension.pk}"
    scope = MapEntry.objects.filter(client__in=clients, dimension=dimension)
    state = scope.aggregate(**_STATE, versions=Sum("version"), newest=Max("updated_at"))
    # Kept keys are reused only under the same rules: a changed rule derives every entry.
    salt = _stamp(SCHEMA, sorted((r.group_key, r.match, r.phrase) for r in rules))
    fingerprint = _stamp(kind, salt, *state.values())
    data, current = _kept(practice, kind, fingerprint, full, salt)
    rows = data["rows"] if current else None
    if rows is None:
        before = {row[0]: row for row in data["rows"]} if data else {}
        watermark = data["watermark"] if data else None
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
        _keep(practice, kind, fingerprint, state["newest"], {"salt": salt, "rows": rows})
    return {client_id: keys for _pk, client_id, keys in rows}
