"""What is reported, and each client's contribution to it, read in a fixed number of
queries whatever the size of the practice (one per kind of record).

`counted_clients` is the one place this app reads client rows without a person's scope: it
only ever yields ids, and everything built from them leaves as protected counts.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.appointments import equity as appointments
from alongside.clients.models import Client, EmergencyAccess
from alongside.context.models import Experience
from alongside.equity.models import Ending, EquitySettings, Intake
from alongside.equity.tables import Fact, Metric
from alongside.measures import instruments
from alongside.measures.models import Flag, FlagKind
from alongside.notes.models import Attendance, Barrier, Session
from alongside.resources.models import Referral
from alongside.resources.models import Status as ReferralStatus

WAIT_WEEKS = 4
FEEDBACK = ("safe", "heard", "respected", "power", "overall")
OUTCOMES = ("phq-9", "gad-7")
MEANS = tuple(f"mean_{item}" for item in FEEDBACK)


@dataclass(frozen=True)
class Period:
    since: date
    until: date


def counted_clients(practice, settings: EquitySettings):
    """The practice's clients who are counted: their own yes, or the practice's default
    where they have not chosen. Nobody who said no, ever."""
    clients = Client.objects.filter(practice=practice)
    if settings.count_by_default:
        return clients.exclude(equity_choice__counted=False)
    return clients.filter(equity_choice__counted=True)


METRICS = [
    Metric(
        "waiting",
        _("Waiting for a first session"),
        _(
            "Days from referral to the first session attended, for people whose first "
            "session fell in the period. A longer wait for one group can mean the service is "
            "harder to reach for them (times, places, language, who answers the phone). It "
            "may also reflect when referrals came in; it does not say why."
        ),
        parts=("within_4_weeks", "over_4_weeks"),
        labels={"within_4_weeks": _("seen within 4 weeks"), "over_4_weeks": _("waited longer")},
        base="n",
        rates=(("over_4_weeks_rate", "over_4_weeks", "n"),),
        averages=(("median_days", "n"), ("mean_days", "n")),
        unit="over_4_weeks_rate",
    ),
    Metric(
        "attendance",
        _("Sessions attended, missed and cancelled"),
        _(
            "Sessions in the period. Missed sessions and cancellations by the practice are "
            "things the service can change. A gap can point to times, travel, cost or how "
            "welcome people feel; it is not a measure of anyone's commitment."
        ),
        parts=("attended", "did_not_attend", "cancelled_client", "cancelled_therapist"),
        labels={
            "attended": _("attended"),
            "did_not_attend": _("did not attend"),
            "cancelled_client": _("cancelled by the client"),
            "cancelled_therapist": _("cancelled by the practice"),
        },
        base="sessions",
        base_label=_("sessions"),
        rates=(
            ("attended_rate", "attended", "sessions"),
            ("practice_cancelled_rate", "cancelled_therapist", "sessions"),
        ),
        unit="attended_rate",
    ),
    Metric(
        "barriers",
        _("What got in the way"),
        _(
            "The reasons recorded when a session was missed or cancelled by the client. "
            "These are barriers the practice can work on (times, travel, cost, childcare)."
        ),
        parts=tuple(b.value for b in Barrier),
        labels={b.value: b.label for b in Barrier},
        base="missed",
        base_label=_("missed sessions with a reason"),
        rates=(("cost_rate", "cost", "missed"),),
        unit="cost_rate",
    ),
    Metric(
        "endings",
        _("How the work ended"),
        _(
            "People whose work ended in the period, and whether the ending was agreed. "
            "More unagreed endings in one group can mean the work did not fit them; it can "
            "also mean life got in the way. Ask, do not assume."
        ),
        parts=("agreed", "unagreed", "not_recorded"),
        labels={
            "agreed": _("agreed ending"),
            "unagreed": _("ended without an agreed ending"),
            "not_recorded": _("not recorded"),
        },
        base="n",
        rates=(("unagreed_rate", "unagreed", "n"),),
        unit="unagreed_rate",
    ),
    Metric(
        "feedback",
        _("Session feedback"),
        _(
            "Average ratings from 0 to 10 in the period, from people who answered. Lower "
            "scores for one group on feeling safe or their identity being respected are a "
            "warning about the service. People who feel less safe may also answer less often."
        ),
        averages=tuple((f"mean_{item}", "n") for item in FEEDBACK),
        unit="mean_safe",
    ),
    *(
        Metric(
            key,
            label,
            _(
                "People with a first score and a later score in the period, by reliable "
                "change (the NHS Talking Therapies thresholds). Fewer improving in one group "
                "can mean the work suits them less, or that their circumstances (housing, "
                "money, racism) are getting worse. These scores measure distress, not worth."
            ),
            parts=("improved", "no_reliable_change", "deteriorated"),
            labels={
                "improved": _("reliable improvement"),
                "no_reliable_change": _("no reliable change"),
                "deteriorated": _("reliable deterioration"),
            },
            base="n",
            rates=(
                ("improved_rate", "improved", "n"),
                ("deteriorated_rate", "deteriorated", "n"),
            ),
            unit="improved_rate",
        )
        for key, label in (("phq-9", _("PHQ-9 outcomes")), ("gad-7", _("GAD-7 outcomes")))
    ),
    Metric(
        "ruptures",
        _("Rupture prompts and repair"),
        _(
            "Prompts raised when session feedback dropped, and whether the therapist followed "
            "up. More prompts in one group can mean the relationship is harder for them here."
        ),
        parts=("followed_up", "open"),
        labels={"followed_up": _("followed up"), "open": _("not yet followed up")},
        base="prompts",
        base_label=_("prompts raised"),
        rates=(("followed_up_rate", "followed_up", "prompts"),),
        averages=(("median_days_to_follow_up", "followed_up"),),
        unit="followed_up_rate",
    ),
    Metric(
        "appointments",
        _("Appointments cancelled"),
        _(
            "Booked appointments in the period, and who cancelled. Cancellations by the "
            "practice are the service's own doing: if one group is cancelled on more, look "
            "at whose times get moved and why. Cancellations by clients can point to times, "
            "travel, cost or caring duties; they say nothing about commitment."
        ),
        parts=("kept", "cancelled_practice", "cancelled_client"),
        labels={
            "kept": _("not cancelled"),
            "cancelled_practice": _("cancelled by the practice"),
            "cancelled_client": _("cancelled by the client"),
        },
        base="appointments",
        base_label=_("appointments booked"),
        rates=(("practice_cancelled_rate", "cancelled_practice", "appointments"),),
        unit="practice_cancelled_rate",
    ),
    Metric(
        "waiting_list",
        _("Waiting for an appointment"),
        _(
            "Days from joining the waiting list to the first appointment, for people whose "
            "first appointment fell in the period. If one group waits longer, ask whose "
            "times the practice offers first and who can take a slot at short notice."
        ),
        parts=("within_4_weeks", "over_4_weeks"),
        labels={"within_4_weeks": _("within 4 weeks"), "over_4_weeks": _("waited longer")},
        base="n",
        rates=(("over_4_weeks_rate", "over_4_weeks", "n"),),
        averages=(("median_days", "n"), ("mean_days", "n")),
        unit="over_4_weeks_rate",
    ),
    Metric(
        "emergency",
        _("Records opened in an emergency"),
        _(
            "Times a clinician outside the care team opened a record in an emergency. If one "
            "group's records are opened more, ask why: it can be a sign of more coercive care."
        ),
        parts=("openings",),
        labels={"openings": _("openings")},
    ),
]
BY_KEY = {m.key: m for m in METRICS}


def facts(clients, period: Period, answers, ids: set) -> dict[str, dict[int, Fact]]:
    """Per metric, per client id, what they add. `clients` is a queryset (a subquery) of
    the counted clients, `ids` the same as a set; `answers` the numbers derived from their
    questionnaires (alongside.equity.derived.responses), for every client of the practice."""
    out = {m.key: {} for m in METRICS}
    in_period = {"date__gte": period.since, "date__lte": period.until}
    _waiting(out["waiting"], clients, period)
    _sessions(out["attendance"], out["barriers"], clients, in_period)
    _endings(out["endings"], clients, period)
    _feedback(out["feedback"], answers, ids, period)
    _outcomes(out, answers, ids, period)
    _ruptures(out["ruptures"], clients, period)
    _emergency(out["emergency"], clients, period)
    _appointments(out["appointments"], out["waiting_list"], clients, period)
    return out


def _appointments(cancelled, waited, clients, period):
    for client_id, row in appointments.cancellations(clients, period.since, period.until).items():
        kept = row["appointments"] - row["cancelled_practice"] - row["cancelled_client"]
        cancelled[client_id] = Fact(
            {
                "kept": kept,
                "cancelled_practice": row["cancelled_practice"],
                "cancelled_client": row["cancelled_client"],
            }
        )
    for client_id, days in appointments.waits(clients, period.since, period.until).items():
        waited[client_id] = _waited(days)


def _waited(days: int) -> Fact:
    """One person's wait: within the weeks the service aims for or longer, and the days."""
    part = "within_4_weeks" if days <= 7 * WAIT_WEEKS else "over_4_weeks"
    return Fact({part: 1}, {"median_days": [days], "mean_days": [days]})


def _waiting(found, clients, period):
    referred = dict(
        Intake.objects.filter(client__in=clients, referred_on__isnull=False).values_list(
            "client_id", _text("referred_on")
        )
    )
    firsts = (
        Session.objects.filter(client__in=clients, attendance=Attendance.ATTENDED)
        .values("client_id")
        .annotate(first=Min("date"))
        .filter(first__gte=period.since, first__lte=period.until)
        .values_list("client_id", _text("first"))
    )
    for client_id, first in firsts:
        start = referred.get(client_id)
        if start is None or first < start:  # ISO dates: text order is date order
            continue
        days = (date.fromisoformat(first) - date.fromisoformat(start)).days
        found[client_id] = _waited(days)


def _sessions(attendance, barriers, clients, in_period):
    # Counted in the database: a row per client and kind, not one per session.
    rows = (
        Session.objects.filter(client__in=clients, **in_period)
        .values("client_id", "attendance", "barrier")
        .annotate(times=Count("id"))
        .order_by()
        .values_list("client_id", "attendance", "barrier", "times")
    )
    for client_id, kind, barrier, times in rows:
        fact = attendance.setdefault(client_id, Fact())
        fact.counts[kind] = fact.counts.get(kind, 0) + times
        if barrier:
            fact = barriers.setdefault(client_id, Fact())
            fact.counts[barrier] = fact.counts.get(barrier, 0) + times


def _endings(found, clients, period):
    rows = Intake.objects.filter(
        client__in=clients, ended_on__gte=period.since, ended_on__lte=period.until
    ).values_list("client_id", "ending")
    for client_id, ending in rows:
        part = {Ending.AGREED: "agreed", Ending.UNAGREED: "unagreed"}.get(ending, "not_recorded")
        found[client_id] = Fact({part: 1})


def _text(field: str):
    """A date or time as the database's own text for it (ISO order; times in UTC, as
    Django reads them): turning tens of thousands into Python dates the usual way costs more
    than the rest of the row."""
    return Cast(field, output_field=TextField())


def _seconds(moment: datetime) -> int:
    """A time as the kept numbers hold it (alongside.equity.derived): whole seconds."""
    return int(moment.timestamp())


def _bounds(day: date, *, end: bool = False) -> datetime:
    """The start of a day (or of the next one) in the current time zone: comparing the
    stored times with these uses the index, where a __date lookup casts every row."""
    start = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(start)


def _feedback(found, answers, ids, period):
    """Per client, the sums of each rating in the period and how many answered it, from the
    running totals at the first and last of their rows in the period."""
    table = answers.feedback
    times = table["at"]
    since = _seconds(_bounds(period.since))
    until = _seconds(_bounds(period.until, end=True))
    totals = [(table[f"sum_{item}"], table[f"answered_{item}"]) for item in FEEDBACK]
    for client_id, start, end in answers.blocks("feedback"):
        if client_id not in ids:
            continue
        lo = bisect_left(times, since, start, end)
        hi = bisect_left(times, until, lo, end)
        if lo == hi:
            continue
        found[client_id] = Fact(
            sums={
                name: [sums[hi] - sums[lo], answered[hi] - answered[lo]]
                for name, (sums, answered) in zip(MEANS, totals, strict=True)
            }
        )


def _outcomes(out, answers, ids, period):
    """Reliable change from each client's first score to their last one by the period's
    end, when that last one fell in the period."""
    table = answers.scores
    times, totals = table["at"], table["total"]
    since = _seconds(_bounds(period.since))
    until = _seconds(_bounds(period.until, end=True))
    for client_id, which, start, end in answers.blocks("scores"):
        if client_id not in ids:
            continue
        hi = bisect_left(times, until, start, end)
        if hi - start < 2 or times[hi - 1] < since:
            continue
        code = OUTCOMES[which]
        change = instruments.get(code).scale.change(totals[start], totals[hi - 1])
        part = {"better": "improved", "worse": "deteriorated"}.get(change, "no_reliable_change")
        out[code][client_id] = Fact({part: 1})


def _ruptures(found, clients, period):
    rows = Flag.objects.filter(
        client__in=clients,
        kind=FlagKind.RUPTURE,
        created_at__gte=_bounds(period.since),
        created_at__lt=_bounds(period.until, end=True),
    ).values_list("client_id", _text("created_at"), _text("resolved_at"))
    for client_id, raised, resolved in rows:
        fact = found.setdefault(client_id, Fact())
        part = "open" if resolved is None else "followed_up"
        fact.counts[part] = fact.counts.get(part, 0) + 1
        if resolved is not None:
            gap = datetime.fromisoformat(resolved) - datetime.fromisoformat(raised)
            fact.add("median_days_to_follow_up", max(0, gap.days))


def _emergency(found, clients, period):
    rows = EmergencyAccess.objects.filter(
        client__in=clients,
        granted_at__gte=_bounds(period.since),
        granted_at__lt=_bounds(period.until, end=True),
    ).values_list("client_id", flat=True)
    for client_id in rows:
        fact = found.setdefault(client_id, Fact())
        fact.counts["openings"] = fact.counts.get("openings", 0) + 1


# Structural harms ----------------------------------------------------------------------------


def harms(clients, period: Period) -> list[tuple[int, str, int, tuple[str, ...]]]:
    """(client id, domain code, year, system codes) per experience recorded by the period's
    end. The year is when it began, or when it was recorded if no date was given."""
    through = Experience.systems.through
    systems = defaultdict(list)
    for experience_id, code in through.objects.filter(experience__client__in=clients).values_list(
        "experience_id", "oppressionsystem__code"
    ):
        systems[experience_id].append(code)
    # The time recorded comes back as the database's text for it (UTC, year first, as
    # Django's own reading of it would be): only its year is needed.
    rows = Experience.objects.filter(
        client__in=clients, created_at__lt=_bounds(period.until, end=True)
    ).values_list("id", "client_id", "domain__code", "start_year", _text("created_at"))
    return [
        (client_id, domain, year or int(made[:4]), tuple(systems.get(pk, ())))
        for pk, client_id, domain, year, made in rows
    ]


def referral_barriers(clients, period: Period) -> dict[int, Fact]:
    """Per client, the referrals elsewhere that didn't work out in the period, counted by
    the barrier recorded (a choice, never the free words). A referral counts on the day it
    was last marked "didn't work out" (its last change, if that history is missing), and
    only while it still stands that way: one that later connected is not a barrier."""
    found = {}
    rows = (
        Referral.objects.filter(client__in=clients, status=ReferralStatus.DIDNT_WORK_OUT)
        .exclude(barrier="")
        .annotate(
            ended=Coalesce(
                Max("updates__at", filter=Q(updates__status=ReferralStatus.DIDNT_WORK_OUT)),
                "updated_at",
            )
        )
        .filter(ended__gte=_bounds(period.since), ended__lt=_bounds(period.until, end=True))
        .values_list("client_id", "barrier")
    )
    for client_id, barrier in rows:
        fact = found.setdefault(client_id, Fact())
        fact.counts[barrier] = fact.counts.get(barrier, 0) + 1
    return found
