"""The one door to appointments. "Not yours" and "not there" are one 404, audited."""

from django.http import Http404

from alongside.accounts.models import Role
from alongside.appointments.models import Appointment
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_client
from alongside.clients.models import Client


def calendar_of(user):
    """The therapist's own appointments with their own clients."""
    if getattr(user, "role", None) != Role.THERAPIST:
        return Appointment.objects.none()
    return Appointment.objects.editable_by(user).filter(therapist=user)


def open_appointment(user, appointment_id, *, write=False, action=Action.VIEW) -> Appointment:
    """A staff member's appointment: the client record is opened (and audited) with it."""
    scope = Appointment.objects.editable_by(user) if write else Appointment.objects.visible_to(user)
    appointment = scope.filter(pk=appointment_id).first()
    if appointment is None:
        _denied(user, action, appointment_id)
    appointment.client = open_client(
        user,
        appointment.client_id,
        write=write,
        action=action,
        object_type="appointment",
        object_id=appointment.pk,
    )
    return appointment


def my_client(user, *, action=Action.VIEW, object_id=None) -> Client:
    """The signed-in client's own record, for portal pages."""
    if getattr(user, "role", None) != Role.CLIENT:
        raise Http404
    mine = Client.objects.visible_to(user).values_list("pk", flat=True).first()
    if mine is None:
        raise Http404
    return open_client(user, mine, action=action, object_type="appointment", object_id=object_id)


def my_appointment(user, appointment_id, *, action=Action.VIEW) -> Appointment:
    client = my_client(user, action=action, object_id=appointment_id)
    appointment = (
        Appointment.objects.visible_to(user)
        .filter(client=client, pk=appointment_id)
        .select_related("therapist")
        .first()
    )
    if appointment is None:
        _denied(user, action, appointment_id, client_id=client.pk)
    appointment.client = client
    return appointment


def _denied(user, action, appointment_id, client_id=None):
    record(
        actor=user,
        action=action,
        object_type="appointment",
        object_id=appointment_id,
        client_id=client_id,
        outcome=Outcome.DENIED,
    )
    raise Http404
