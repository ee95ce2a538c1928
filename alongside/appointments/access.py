"""The one door to appointments. "Not yours" and "not there" are one 404, audited
(clients.access.denied); the client's own record through clients.access.open_own_record."""

from django.db.models import QuerySet

from alongside.accounts.models import Role, User
from alongside.appointments.models import Appointment, WaitingEntry
from alongside.audit.models import Action
from alongside.clients.access import denied, open_client, open_own_record
from alongside.clients.models import Client


def calendar_of(user: User) -> QuerySet[Appointment]:
    """The therapist's own appointments with their own clients."""
    if getattr(user, "role", None) != Role.THERAPIST:
        return Appointment.objects.none()
    return Appointment.objects.editable_by(user).filter(therapist=user)


def open_appointment(
    user: User, appointment_id: int, *, write: bool = False, action: str = Action.VIEW
) -> Appointment:
    """A staff member's appointment: the client record is opened (and audited) with it."""
    scope = Appointment.objects.editable_by(user) if write else Appointment.objects.visible_to(user)
    appointment = scope.filter(pk=appointment_id).first()
    if appointment is None:
        denied(user, action, "appointment", appointment_id)
    appointment.client = open_client(
        user,
        appointment.client_id,
        write=write,
        action=action,
        object_type="appointment",
        object_id=appointment.pk,
    )
    return appointment


def my_client(user: User, *, action: str = Action.VIEW, object_id: object = None) -> Client:
    """The signed-in client's own record, for portal pages."""
    return open_own_record(user, action=action, object_type="appointment", object_id=object_id)


def my_appointment(user: User, appointment_id: int, *, action: str = Action.VIEW) -> Appointment:
    client = my_client(user, action=action, object_id=appointment_id)
    appointment = (
        Appointment.objects.visible_to(user)
        .filter(client=client, pk=appointment_id)
        .select_related("therapist")
        .first()
    )
    if appointment is None:
        denied(user, action, "appointment", appointment_id, client_id=client.pk)
    appointment.client = client
    return appointment


def open_waiting_entry(user: User, waiting_id: int, *, action: str = Action.UPDATE) -> WaitingEntry:
    """A place on the waiting list of one of the therapist's own clients, still open."""
    clients = Client.objects.editable_by(user).filter(therapist=user)
    entry = WaitingEntry.objects.filter(
        client__in=clients, pk=waiting_id, ended_at__isnull=True
    ).first()
    if entry is None:
        denied(user, action, "waiting_entry", waiting_id)
    return entry
