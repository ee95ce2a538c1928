"""'Who has seen my record', built from the audit trail in words a client can follow.

The audit trail has one row per page opened, which is right for an audit and useless to
read: one visit to a note is a dozen rows. So rows are grouped by person and day, and each
group says which parts of the record that person looked at, changed or copied, in plain
words. The client's own visits are left out (they know), and emergency openings are shown
with the reason given and the hour they lasted.

A page costs the same few queries however long the history is: the groups are counted and
sliced in the database, then the page's parts, people and emergency openings are one query
each.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role, User
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.clients.models import EmergencyAccess
from alongside.core.paging import paginate

PER_PAGE = 20

# The part of the record each kind of audited object belongs to, by the start of its name,
# named as the portal names it ("Your story", not the therapist's "formulation").
PARTS = [
    ("emergency_access", _("the record of an emergency opening of your record")),
    ("note", _("your session notes")),
    ("session", _("your session notes")),
    ("agreed_action", _("your session notes")),
    ("supervision", _("your session notes")),
    ("formulation", _("your story")),
    ("map_entry", _("your map")),
    ("social_map", _("your map")),
    ("power", _("your map")),
    ("experience", _("your experiences")),
    ("measure", _("your check-ins")),
    ("check_in", _("your check-ins")),
    ("plan", _("your plan")),
    ("letter", _("your letters")),
    ("referral", _("places and groups shared with you")),
    ("resource", _("places and groups shared with you")),
    ("appointment", _("your appointments")),
    ("waiting_entry", _("your appointments")),
    ("reminder_choice", _("your appointments")),
    ("language", _("the wording checker's notes on your record")),
    ("access_history", _("who has seen your record")),
    ("client", _("your profile")),
]
OTHER_PART = _("your record")

# What a person did, in the order a sentence lists it.
DID = [
    ("emergency", {Action.EMERGENCY}, _("Opened your record in an emergency")),
    ("looked", {Action.VIEW}, _("Looked at")),
    (
        "changed",
        {Action.CREATE, Action.UPDATE, Action.DELETE, Action.SIGN, Action.INVITE},
        _("Added to or changed"),
    ),
    ("copied", {Action.EXPORT}, _("Made a copy (export) of")),
]


def part_of(object_type: str) -> str:
    for prefix, label in PARTS:
        if object_type.startswith(prefix):
            return str(label)
    return str(OTHER_PART)


@dataclass
class Visit:
    """One person's visits on one day."""

    person: User | None
    relation: str
    day: object
    first: datetime
    last: datetime
    times: int
    did: list = field(default_factory=list)  # [(kind, label, [part, ...]), ...]
    emergency: bool = False


def relation_to(person: User | None, client) -> str:
    """Who the person is to the client, in their terms."""
    if person is None:
        return str(_("automatic, by Alongside itself"))
    if person.pk == client.therapist_id:
        return str(_("your therapist"))
    if person.pk == client.therapist.supervisor_id:
        return str(_("your therapist's supervisor"))
    if person.is_privacy_officer and person.role != Role.CLIENT:
        return str(_("privacy officer"))
    others: dict[str, str] = {
        Role.THERAPIST: str(_("a therapist at the practice")),
        Role.SUPERVISOR: str(_("a supervisor at the practice")),
        Role.ADMIN: str(_("the practice's administrator")),
    }
    return others.get(person.role, person.get_role_display())


def _events(client, leave_out):
    events = AuditEvent.objects.filter(client_id=client.pk, outcome=Outcome.ALLOWED)
    if leave_out is not None:
        events = events.exclude(actor_id=leave_out)
    return events.annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))


def visits_page(client, number, *, leave_out=None, per_page=PER_PAGE):
    """One page of visits to `client`'s record, newest day first; `leave_out` is the id of
    the person reading (their own visits are not news to them)."""
    events = _events(client, leave_out)
    groups = (
        events.values("actor_id", "day")
        .annotate(first=Min("at"), last=Max("at"), times=Count("id"))
        .order_by("-day", "-last", "actor_id")
    )
    page = paginate(groups, number, per_page)
    rows = list(page.object_list)
    if not rows:
        page.object_list = []
        return page
    actors = {row["actor_id"] for row in rows}
    days = {row["day"] for row in rows}
    known = [a for a in actors if a is not None]
    who = (
        Q(actor_id__in=known) | Q(actor_id__isnull=True)
        if None in actors
        else Q(actor_id__in=known)
    )
    what = (
        events.filter(who, day__in=days)
        .filter(at__gte=min(r["first"] for r in rows), at__lte=max(r["last"] for r in rows))
        .values("actor_id", "day", "action", "object_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    parts: dict[tuple, dict[str, list]] = {}
    for item in what:
        key = (item["actor_id"], item["day"])
        for name, actions, _label in DID:
            if item["action"] in actions:
                found = parts.setdefault(key, {}).setdefault(name, [])
                part = part_of(item["object_type"])
                if part not in found:
                    found.append(part)
    order = [str(label) for _prefix, label in PARTS] + [str(OTHER_PART)]
    for by_name in parts.values():
        for names in by_name.values():
            names.sort(key=order.index)
    people = User.objects.in_bulk(known)
    visits = []
    for row in rows:
        person = people.get(row["actor_id"])
        done = parts.get((row["actor_id"], row["day"]), {})
        visits.append(
            Visit(
                person=person,
                relation=relation_to(person, client),
                day=row["day"],
                first=row["first"],
                last=row["last"],
                times=row["times"],
                did=[(name, label, done[name]) for name, _a, label in DID if done.get(name)],
                emergency=bool(done.get("emergency")),
            )
        )
    page.object_list = visits
    return page


def emergency_openings(client, limit=50):
    """Every emergency opening of the record: who, the reason they gave, and the hour."""
    return list(
        EmergencyAccess.objects.filter(client=client)
        .select_related("user")
        .order_by("-granted_at")[:limit]
    )
