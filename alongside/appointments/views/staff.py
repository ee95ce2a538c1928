"""The therapist's calendar and appointments. Views fetch through access.py, call records."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Role
from alongside.appointments import records, waiting
from alongside.appointments.access import calendar_of, open_appointment, open_waiting_entry
from alongside.appointments.forms import (
    AppointmentForm,
    CancelForm,
    DeclineForm,
    MoveForm,
    TimeOffForm,
    WaitingForm,
    WorkingHoursForm,
)
from alongside.appointments.models import Status, TimeOff, WorkingHours
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.models import Client
from alongside.core.access import allow_methods, role_required
from alongside.core.forms import date_in_range


def _day(request) -> date:
    try:
        asked = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()
    # A week or a day at the calendar's very ends can't be computed: show today instead.
    return asked if date_in_range(asked) else timezone.localdate()


def _between(user, first: date, days: int):
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    end = timezone.make_aware(datetime.combine(first + timedelta(days=days), time.min), zone)
    return (
        calendar_of(user)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(status=Status.DECLINED)
        .select_related("client")
    )


@role_required(Role.THERAPIST)
def calendar(request):
    """The week (Monday first); on a phone the same page reads as a list of days."""
    allow_methods(request, "GET")
    day = _day(request)
    monday = day - timedelta(days=day.weekday())
    appointments = list(_between(request.user, monday, 7))
    days = []
    for offset in range(7):
        current = monday + timedelta(days=offset)
        items = [a for a in appointments if timezone.localtime(a.starts_at).date() == current]
        days.append({"date": current, "appointments": items})
    requests = calendar_of(request.user).filter(
        status=Status.REQUESTED, starts_at__gt=timezone.now()
    )
    return render(
        request,
        "appointments/calendar.html",
        {
            "days": days,
            "monday": monday,
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "today": timezone.localdate(),
            "requests": requests.select_related("client"),
        },
    )


@role_required(Role.THERAPIST)
def day(request):
    allow_methods(request, "GET")
    current = _day(request)
    return render(
        request,
        "appointments/day.html",
        {
            "date": current,
            "appointments": _between(request.user, current, 1),
            "previous": current - timedelta(days=1),
            "next": current + timedelta(days=1),
        },
    )


@role_required(Role.THERAPIST)
def new(request):
    allow_methods(request, "GET", "POST")
    clients = Client.objects.editable_by(request.user).filter(therapist=request.user)
    initial = {"minutes": 50, "modality": "in_person", "count": 1, "date": _day(request)}
    if request.GET.get("client", "").isdigit():
        initial["client"] = request.GET["client"]
    form = AppointmentForm(
        request.POST if request.method == "POST" else None, clients=clients, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = records.book(
                request.user,
                data["client"],
                form.starts_at(),
                minutes=data["minutes"],
                modality=data["modality"],
                video_link=data["video_link"],
                repeat=data["repeat"],
                count=data["count"] if data["repeat"] else 1,
                skipped=data["skipped"],
            )
        except records.DoubleBooked as clash:
            form.add_error(None, _double_booked(clash))
        else:
            messages.success(
                request,
                ngettext("Booked %(n)s appointment.", "Booked %(n)s appointments.", len(made))
                % {"n": len(made)},
            )
            return redirect(f"{_calendar_url()}?date={made[0].starts_at.date()}")
    return render(request, "appointments/new.html", {"form": form})


def _calendar_url():
    from django.urls import reverse

    return reverse("appointments:calendar")


def _double_booked(clash) -> str:
    when = timezone.localtime(clash.when)
    return _(
        "%(day)s at %(time)s overlaps another of your appointments. Nothing was "
        "changed: choose another time, or leave that date out."
    ) % {"time": when.strftime("%H:%M"), "day": when.date().isoformat()}


@role_required(Role.THERAPIST, Role.SUPERVISOR)
def detail(request, appointment_id):
    appointment = open_appointment(request.user, appointment_id)
    allow_methods(request, "GET")
    can_write = appointment.therapist_id == request.user.pk and (
        appointment.client.therapist_id == request.user.pk
    )
    return render(
        request,
        "appointments/detail.html",
        {
            "appointment": appointment,
            "can_write": can_write,
            "decline_form": DeclineForm(),
        },
    )


def _writing(request, appointment_id, action=Action.UPDATE):
    appointment = open_appointment(
        request.user,
        appointment_id,
        write=True,
        action=action if request.method == "POST" else Action.VIEW,
    )
    if appointment.therapist_id != request.user.pk:
        raise Http404
    return appointment


@role_required(Role.THERAPIST)
def confirm(request, appointment_id):
    appointment = _writing(request, appointment_id)
    allow_methods(request, "POST")
    if appointment.status == Status.REQUESTED:
        try:
            records.confirm(request.user, appointment)
        except records.DoubleBooked as clash:
            messages.error(request, _double_booked(clash))
        else:
            messages.success(request, _("Confirmed. The client has been told by email."))
    return redirect("appointments:detail", appointment_id=appointment.pk)


@role_required(Role.THERAPIST)
def decline(request, appointment_id):
    appointment = _writing(request, appointment_id)
    allow_methods(request, "POST")
    form = DeclineForm(request.POST)
    if appointment.status == Status.REQUESTED and form.is_valid():
        records.decline(request.user, appointment, form.cleaned_data["reason"])
        messages.success(request, _("Declined. The client has been asked to choose another time."))
    return redirect("appointments:detail", appointment_id=appointment.pk)


@role_required(Role.THERAPIST)
def move(request, appointment_id):
    appointment = _writing(request, appointment_id)
    allow_methods(request, "GET", "POST")
    local = timezone.localtime(appointment.starts_at)
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        initial={"date": local.date(), "time": local.time()},
    )
    if request.method == "POST" and appointment.is_open and form.is_valid():
        try:
            records.move(request.user, appointment, form.starts_at(), form.cleaned_data["reason"])
        except records.DoubleBooked as clash:
            form.add_error(None, _double_booked(clash))
        else:
            messages.success(request, _("Moved. The client has been told by email."))
            return redirect("appointments:detail", appointment_id=appointment.pk)
    return render(request, "appointments/move.html", {"form": form, "appointment": appointment})


@role_required(Role.THERAPIST)
def cancel(request, appointment_id):
    appointment = _writing(request, appointment_id)
    allow_methods(request, "GET", "POST")
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and appointment.is_open and form.is_valid():
        records.cancel(
            request.user,
            appointment,
            by=form.cleaned_data["by"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Cancelled."))
        return redirect("appointments:calendar")
    return render(request, "appointments/cancel.html", {"form": form, "appointment": appointment})


@role_required(Role.THERAPIST)
def happened(request, appointment_id):
    """The appointment took place: make its session and open the note."""
    appointment = _writing(request, appointment_id, action=Action.CREATE)
    allow_methods(request, "POST")
    if appointment.status != Status.BOOKED:
        return redirect("appointments:detail", appointment_id=appointment.pk)
    session = records.happened(request.user, appointment)
    from alongside.notes import records as notes_records

    note = notes_records.start_note(request.user, session)
    return redirect("notes:edit", note_id=note.pk)


@role_required(Role.THERAPIST)
def availability(request):
    allow_methods(request, "GET", "POST")
    posted = request.POST if request.method == "POST" else None
    hours_form = WorkingHoursForm(posted if "hours" in request.POST else None, prefix="hours")
    off_form = TimeOffForm(posted if "off" in request.POST else None, prefix="off")
    target = hours_form if "hours" in request.POST else off_form
    if posted is not None and target.is_valid():
        with transaction.atomic():
            item = target.save(commit=False)
            item.therapist = request.user
            item.save()
            record(
                actor=request.user,
                action=Action.CREATE,
                object_type="working_hours" if target is hours_form else "time_off",
                object_id=item.pk,
            )
        messages.success(request, _("Saved."))
        return redirect("appointments:availability")
    return render(
        request,
        "appointments/availability.html",
        {
            "hours_form": hours_form,
            "off_form": off_form,
            "hours": WorkingHours.objects.filter(therapist=request.user),
            "time_off": TimeOff.objects.filter(
                therapist=request.user, last_day__gte=timezone.localdate()
            ),
        },
    )


@role_required(Role.THERAPIST)
def hours_remove(request, hours_id):
    hours = WorkingHours.objects.filter(therapist=request.user, pk=hours_id).first()
    if hours is None:
        raise Http404
    allow_methods(request, "POST")
    with transaction.atomic():
        record(
            actor=request.user,
            action=Action.DELETE,
            object_type="working_hours",
            object_id=hours.pk,
        )
        hours.delete()
    return redirect("appointments:availability")


@role_required(Role.THERAPIST)
def time_off_remove(request, time_off_id):
    off = TimeOff.objects.filter(therapist=request.user, pk=time_off_id).first()
    if off is None:
        raise Http404
    allow_methods(request, "POST")
    with transaction.atomic():
        record(actor=request.user, action=Action.DELETE, object_type="time_off", object_id=off.pk)
        off.delete()
    return redirect("appointments:availability")


@role_required(Role.THERAPIST)
def waiting_list(request):
    allow_methods(request, "GET", "POST")
    clients = Client.objects.editable_by(request.user).filter(therapist=request.user)
    form = WaitingForm(request.POST if request.method == "POST" else None, clients=clients)
    if request.method == "POST" and form.is_valid():
        waiting.join(request.user, form.cleaned_data["client"], form.cleaned_data["kind"])
        messages.success(request, _("Added to the waiting list."))
        return redirect("appointments:waiting")
    entries = waiting.waiting_for(request.user).filter(client__in=clients).select_related("client")
    return render(request, "appointments/waiting.html", {"form": form, "entries": entries})


@role_required(Role.THERAPIST)
def waiting_end(request, waiting_id):
    entry = open_waiting_entry(request.user, waiting_id)
    allow_methods(request, "POST")
    waiting.end(request.user, entry)
    return redirect("appointments:waiting")
