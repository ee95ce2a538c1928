"""A whole equity report for one viewer: the practice's figures, and beside them the
viewer's own caseload (a therapist) or their supervisees' (a supervisor), every table
protected, the caseload's tied to the practice's so that subtracting one from the other
gives away nothing small either.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role, User
from alongside.context.models import Dimension, LifeDomain, OppressionSystem
from alongside.context.vocab import SYSTEMS
from alongside.equity import derived
from alongside.equity import groups as grouping
from alongside.equity.metrics import (
    METRICS,
    Period,
    counted_clients,
    facts,
    harms,
    referral_barriers,
)
from alongside.equity.models import EquitySettings, ReportingGroup
from alongside.equity.suppression import TOTAL, clamp_k
from alongside.equity.tables import (
    Fact,
    Metric,
    Published,
    add_up,
    equations,
    linked,
    pair_equations,
    publish,
)
from alongside.resources.models import Barrier as ReferralBarrier

HARMS_BY_GROUP = Metric(
    "harms",
    _("Experiences of oppression, by system"),
    _(
        "People who recorded at least one experience of each system of oppression. These are "
        "harms done to people by the world around them, shown so the practice can speak up "
        "about them; a higher number is not a fact about the group itself."
    ),
    parts=tuple(code for code, _label in SYSTEMS),
    labels=dict(SYSTEMS),
)
# Barriers met when a referral elsewhere didn't work out (resources app): harms done by
# services outside the practice, counted by group and protected like every other table.
REFERRAL_BARRIERS = Metric(
    "referral_barriers",
    _("Why referrals elsewhere didn't work out"),
    _(
        "Referrals to other services (housing, advice, community groups) that didn't work "
        "out in the period, by the reason recorded. Being turned away, waiting lists, cost, "
        "language, discrimination, immigration status and no access for disability are "
        "barriers put up by the services around people; shown so the practice can speak up "
        "and find better places to refer to. They say nothing about the person."
    ),
    parts=tuple(b.value for b in ReferralBarrier),
    labels={b.value: b.label for b in ReferralBarrier},
    base="didnt_work_out",
    base_label=_("referrals that didn't work out, with a reason"),
    rates=(("discrimination_rate", "discrimination", "didnt_work_out"),),
    unit="discrimination_rate",
)
PEOPLE = Metric(
    "people",
    _("People counted"),
    _("Counted clients in each group. A person can be in more than one group."),
)
HARMS_SYSTEM = Metric(
    "harms_by_system",
    _("Structural harms by system"),
    _("People who recorded an experience involving each system (a person can name several)."),
)
HARMS_DOMAIN = Metric(
    "harms_by_domain",
    _("Structural harms by part of life"),
    _("People who recorded an experience in each part of life."),
)
HARMS_YEAR = Metric(
    "harms_by_year",
    _("Structural harms by year"),
    _("People who recorded an experience that began in each year."),
)
HARMS_OVER_TIME = Metric(
    "harms_over_time",
    _("Structural harms by system and year"),
    _("People who recorded an experience of each system beginning in each year."),
)


@dataclass
class Table:
    metric: Metric
    by: str
    published: Published
    labels: dict  # row key -> label
    beside: "Table | None" = None  # the practice's, beside a caseload's

    def rows(self):
        return [
            {
                "key": key,
                "group": self.labels.get(key, _("Everyone counted")),
                **self.published.row(key),
            }
            for key in self.published.rows
        ]

    def as_json(self) -> dict:
        rows = self.rows()
        clean = [{k: v for k, v in row.items() if k != "key"} for row in rows]
        for row in clean:
            row["group"] = str(row["group"])
        return {
            "metric": self.metric.key,
            "by": self.by,
            "total": clean[-1],
            "rows": clean[:-1],
        }


@dataclass
class Report:
    k: int
    rounding: bool
    period: Period
    by: Dimension
    also: Dimension | None
    scope_label: str
    tables: list[Table] = field(default_factory=list)  # the viewer's scope
    counted: int = 0

    def as_json(self) -> dict:
        return {
            "k": self.k,
            "rounding": self.rounding,
            "since": self.period.since.isoformat(),
            "until": self.period.until.isoformat(),
            "tables": [t.as_json() for t in self.tables],
        }


@dataclass
class Dim:
    code: str
    groups: list  # [(key, label)]
    members: dict  # key -> set of client ids


def rules_of(practice, dimension) -> tuple[list, list]:
    """The practice's groups for a dimension as (key, label), and their rules."""
    rules = []
    labels = []
    for group in ReportingGroup.objects.filter(
        practice=practice, dimension=dimension
    ).prefetch_related("rules"):
        key = f"g{group.pk}"
        labels.append((key, group.label))
        rules += [grouping.Rule(key, r.match, r.phrase) for r in group.rules.all()]
    return labels, rules


def _dimension(practice, dimension, clients, ids) -> Dim:
    labels, rules = rules_of(practice, dimension)
    labels += [(k, v) for k, v in grouping.SPECIAL_LABELS.items()]
    said = derived.group_keys(practice, clients, dimension, rules)
    members = defaultdict(set)
    nothing = frozenset({grouping.NOT_SAID})
    for c in ids:
        for key in said.get(c, nothing):
            members[key].add(c)
    return Dim(dimension.code, labels, members)


def _single(metric, found, dim, ids, k, rounding, practice_table=None, groups=True):
    rows = [key for key, _label in dim.groups]
    members = {key: dim.members.get(key, set()) & ids for key in rows}
    members[TOTAL] = ids
    sums = add_up(metric, found, members)
    eqs = equations(metric, rows)
    extra, frozen, frozen_hidden = {}, [], []
    if practice_table is not None:
        extra, link, frozen, frozen_hidden = linked(sums, practice_table, metric, rows)
        eqs += link
    return publish(
        metric,
        sums,
        rows,
        eqs,
        k,
        rounding=rounding,
        extra_values=extra,
        frozen=frozen,
        frozen_hidden=frozen_hidden,
        group_rows=rows if groups else None,
    )


def _paired(metric, found, a: Dim, b: Dim, ids, pub_a, pub_b, k, rounding, practice_table=None):
    firsts = [key for key, _l in a.groups]
    seconds = [key for key, _l in b.groups]
    rows = [(x, y) for x in firsts for y in seconds]
    members = {(x, y): a.members.get(x, set()) & b.members.get(y, set()) & ids for x, y in rows}
    sums = add_up(metric, found, members)
    extra, frozen, frozen_hidden = {}, [], []
    for col in metric.columns:
        for margin, pub, key in (
            *(((x, TOTAL), pub_a, x) for x in firsts),
            *(((TOTAL, y), pub_b, y) for y in seconds),
            ((TOTAL,), pub_a, TOTAL),
        ):
            cell = (margin if margin != (TOTAL,) else TOTAL, col)
            extra[cell] = pub.sums.values[(key, col)]
            frozen.append(cell)
            if pub.count(key, col) is None:
                frozen_hidden.append(cell)
    sums.values.update({cell: v for cell, v in extra.items() if cell[0] == TOTAL})
    for col in metric.columns:
        sums.values.setdefault((TOTAL, col), pub_a.sums.values[(TOTAL, col)])
    for name, _col in metric.averages:
        sums.samples[(TOTAL, name)] = pub_a.sums.samples.get((TOTAL, name), [])
    eqs = pair_equations(metric, firsts, seconds)
    if practice_table is not None:
        more, link, f2, fh2 = linked(sums, practice_table, metric, rows)
        extra.update(more)
        eqs += link
        frozen += f2
        frozen_hidden += fh2
    return publish(
        metric,
        sums,
        rows,
        eqs,
        k,
        rounding=rounding,
        extra_values=extra,
        frozen=frozen,
        frozen_hidden=frozen_hidden,
        group_rows=rows,
    )


def _people_facts(ids):
    return {c: Fact() for c in ids}


def _harm_facts(rows):
    """Per client: systems named, domains, start years; plus the by-group metric's facts."""
    by_group = {}
    for client_id, _domain, _year, systems in rows:
        fact = by_group.setdefault(client_id, Fact())
        for code in systems:
            fact.counts[code] = 1
    return by_group


def build(
    practice,
    *,
    period: Period,
    by: Dimension,
    also: Dimension | None = None,
    viewer: User | None = None,
    k: int | None = None,
) -> tuple[Report, Report | None]:
    """The practice's report, and the viewer's own (their caseload, or their supervisees')
    when the viewer is a therapist or a supervisor; None for the admin."""
    settings = EquitySettings.for_practice(practice)
    k = clamp_k(k if k is not None else settings.k)
    rounding = settings.round_to_5
    clients = counted_clients(practice, settings)
    therapist_of = dict(clients.values_list("id", "therapist_id"))
    everyone = set(therapist_of)
    found = facts(clients, period, derived.responses(practice, clients), everyone)
    harm_rows = harms(clients, period)
    found["harms"] = _harm_facts(harm_rows)
    found["people"] = _people_facts(everyone)
    found[REFERRAL_BARRIERS.key] = referral_barriers(clients, period)
    dim_a = _dimension(practice, by, clients, everyone)
    dim_b = _dimension(practice, also, clients, everyone) if also else None
    by_label = by.code + (f"+{also.code}" if also else "")
    metrics = [PEOPLE, *METRICS, HARMS_BY_GROUP, REFERRAL_BARRIERS]

    practice_report = Report(
        k, rounding, period, by, also, str(_("The whole practice")), counted=len(everyone)
    )
    caseload = None
    if viewer is not None and viewer.role in (Role.THERAPIST, Role.SUPERVISOR):
        if viewer.role == Role.THERAPIST:
            therapists = {viewer.pk}
            label = _("Your caseload")
        else:
            therapists = set(
                User.objects.filter(supervisor=viewer, practice=practice).values_list(
                    "pk", flat=True
                )
            )
            label = _("Your supervisees' caseloads")
        mine = {c for c, t in therapist_of.items() if t in therapists}
        caseload = Report(k, rounding, period, by, also, str(label), counted=len(mine))

    labels_a = dict(dim_a.groups)
    for metric in metrics:
        mf = found[metric.key]
        pub = _single(metric, mf, dim_a, everyone, k, rounding)
        if dim_b is None:
            practice_report.tables.append(Table(metric, by_label, pub, labels_a))
            if caseload is not None:
                own = _single(metric, mf, dim_a, mine, k, rounding, practice_table=pub)
                caseload.tables.append(
                    Table(metric, by_label, own, labels_a, beside=practice_report.tables[-1])
                )
            continue
        pub_b = _single(metric, mf, dim_b, everyone, k, rounding)
        pair = _paired(metric, mf, dim_a, dim_b, everyone, pub, pub_b, k, rounding)
        labels = {(x, y): f"{la} · {lb}" for x, la in dim_a.groups for y, lb in dim_b.groups}
        practice_report.tables.append(Table(metric, by_label, pair, labels))
        if caseload is not None:
            own_a = _single(metric, mf, dim_a, mine, k, rounding, practice_table=pub)
            own_b = _single(metric, mf, dim_b, mine, k, rounding, practice_table=pub_b)
            own = _paired(
                metric, mf, dim_a, dim_b, mine, own_a, own_b, k, rounding, practice_table=pair
            )
            caseload.tables.append(
                Table(metric, by_label, own, labels, beside=practice_report.tables[-1])
            )

    _harm_tables(practice_report, harm_rows, everyone, k, rounding)
    if caseload is not None:
        _harm_tables(caseload, harm_rows, mine, k, rounding, practice=practice_report)
    return practice_report, caseload


def _harm_tables(report, rows, ids, k, rounding, practice=None):
    """Harms by system, by part of life, by year and by system and year (not by group)."""
    rows = [r for r in rows if r[0] in ids]
    systems = {code: label for code, label in SYSTEMS}
    systems.update(
        {s.code: str(s.display) for s in OppressionSystem.objects.filter(practice__isnull=True)}
    )
    domains = {d.code: str(d.display) for d in LifeDomain.objects.filter(practice__isnull=True)}
    latest = report.period.until.year
    years = [str(y) for y in range(latest - 4, latest + 1)]

    def bucket(year):
        return str(year) if str(year) in years else "earlier"

    year_labels = {"earlier": _("Before %(year)s") % {"year": years[0]}, **{y: y for y in years}}
    people = set(r[0] for r in rows)

    def dim(code, labels, key_of):
        members = defaultdict(set)
        for row in rows:
            for key in key_of(row):
                members[key].add(row[0])
        return Dim(code, list(labels.items()), members)

    by_system = dim("system", systems, lambda r: r[3])
    by_domain = dim("domain", domains, lambda r: [r[1]])
    by_year = dim("year", year_labels, lambda r: [bucket(r[2])])
    facts_people = _people_facts(people)
    theirs = {t.metric.key: t.published for t in practice.tables} if practice else {}
    made = {}
    for metric, d in ((HARMS_SYSTEM, by_system), (HARMS_DOMAIN, by_domain), (HARMS_YEAR, by_year)):
        pub = _single(
            metric,
            facts_people,
            d,
            people,
            k,
            rounding,
            practice_table=theirs.get(metric.key),
            groups=False,
        )
        made[metric.key] = pub
        report.tables.append(Table(metric, d.code, pub, dict(d.groups)))
    # Over time: a person counts in a (system, year) cell when one experience had both.
    pairs = defaultdict(set)
    for row in rows:
        for code in row[3]:
            pairs[(code, bucket(row[2]))].add(row[0])
    pub = _paired_harms(
        pairs, by_system, by_year, people, made, k, rounding, theirs.get(HARMS_OVER_TIME.key)
    )
    labels = {(x, y): f"{lx} · {ly}" for x, lx in by_system.groups for y, ly in by_year.groups}
    report.tables.append(Table(HARMS_OVER_TIME, "system+year", pub, labels))


def _paired_harms(pairs, a, b, people, made, k, rounding, practice_table):
    """Like _paired, but a cell's people come from experiences having both at once."""
    metric = HARMS_OVER_TIME
    firsts = [key for key, _l in a.groups]
    seconds = [key for key, _l in b.groups]
    members = {(x, y): pairs.get((x, y), set()) & people for x in firsts for y in seconds}
    sums = add_up(metric, _people_facts(people), members)
    extra, frozen, frozen_hidden = {}, [], []
    for margin, pub, key in (
        *(((x, TOTAL), made[HARMS_SYSTEM.key], x) for x in firsts),
        *(((TOTAL, y), made[HARMS_YEAR.key], y) for y in seconds),
    ):
        extra[(margin, "n")] = pub.sums.values[(key, "n")]
        frozen.append((margin, "n"))
        if pub.count(key, "n") is None:
            frozen_hidden.append((margin, "n"))
    total = made[HARMS_SYSTEM.key]
    sums.values[(TOTAL, "n")] = total.sums.values[(TOTAL, "n")]
    extra[(TOTAL, "n")] = total.sums.values[(TOTAL, "n")]
    frozen.append((TOTAL, "n"))
    if total.count(TOTAL, "n") is None:
        frozen_hidden.append((TOTAL, "n"))
    eqs = pair_equations(metric, firsts, seconds)
    rows = list(members)
    if practice_table is not None:
        more, link, f2, fh2 = linked(sums, practice_table, metric, rows)
        extra.update(more)
        eqs += link
        frozen += f2
        frozen_hidden += fh2
    return publish(
        metric,
        sums,
        rows,
        eqs,
        k,
        rounding=rounding,
        extra_values=extra,
        frozen=frozen,
        frozen_hidden=frozen_hidden,
    )
