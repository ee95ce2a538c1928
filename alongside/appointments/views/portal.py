"""The client's appointments: see them, ask for a time, cancel, choose reminders."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Role
from alongside.appointments import availability, records, reminders, waiting
from alongside.appointments.access import my_appointment, my_client
from alongside.appointments.forms import AskForm, MyCancelForm, ReminderForm
from alongside.appointments.models import Appointment, CancelledBy, WaitingEntry
from alongside.audit.models import Action
from alongside.core.access import allow_methods, role_required


def _free_times(client):
    rules = records.booking_rules(client.practice)
    return availability.free_times(
        client.therapist, minutes=rules.minutes, notice_hours=rules.notice_hours
    )


@role_required(Role.CLIENT)
def mine(request):
    client = my_client(request.user)
    allow_methods(request, "GET")
    now = timezone.now()
    upcoming = Appointment.objects.visible_to(request.user).filter(client=client).upcoming(now)
    offer = WaitingEntry.objects.filter(
        client=client, ended_at__isnull=True, offered_start__gt=now
    ).first()
    on_list = WaitingEntry.objects.filter(client=client, ended_at__isnull=True).exists()
    return render(
        request,
        "appointments/mine.html",
        {
            "client": client,
            "upcoming": upcoming,
            "offer": offer,
            "on_list": on_list,
            "self_booking": records.booking_rules(client.practice).self_booking,
        },
    )


@role_required(Role.CLIENT)
def ask(request):
    writing = request.method == "POST"
    client = my_client(request.user, action=Action.CREATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    form = AskForm(request.POST if writing else None, times=_free_times(client))
    if writing and form.is_valid():
        try:
            appointment = records.ask(request.user, client, form.chosen())
        except records.DoubleBooked:
            form.add_error(
                "starts_at", _("Someone has just taken that time. Please choose another.")
            )
        except records.TooManyAsked:
            form.add_error(
                "starts_at",
                ngettext(
                    "You already have %(n)s time coming up that you asked for. Please talk "
                    "to your therapist about another one.",
                    "You already have %(n)s times coming up that you asked for. Please talk "
                    "to your therapist about more.",
                    records.MAX_ASKED_AHEAD,
                )
                % {"n": records.MAX_ASKED_AHEAD},
            )
        else:
            if appointment.status == "booked":
                messages.success(request, _("Booked. We have sent you an email with the time."))
            else:
                messages.success(
                    request, _("Thank you. Your therapist will confirm the time by email.")
                )
            return redirect("appointments:mine")
    self_booking = records.booking_rules(client.practice).self_booking
    return render(request, "appointments/ask.html", {"form": form, "self_booking": self_booking})


@role_required(Role.CLIENT)
def my_detail(request, appointment_id):
    appointment = my_appointment(request.user, appointment_id)
    allow_methods(request, "GET")
    return render(
        request,
        "appointments/my_detail.html",
        {"appointment": appointment, "form": MyCancelForm()},
    )


@role_required(Role.CLIENT)
def my_cancel(request, appointment_id):
    appointment = my_appointment(request.user, appointment_id, action=Action.UPDATE)
    allow_methods(request, "POST")
    form = MyCancelForm(request.POST)
    if appointment.is_open and form.is_valid():
        records.cancel(
            request.user, appointment, by=CancelledBy.CLIENT, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Cancelled. You can ask for another time whenever you like."))
        return redirect("appointments:mine")
    return render(
        request, "appointments/my_detail.html", {"appointment": appointment, "form": form}
    )


@role_required(Role.CLIENT)
def take_offer(request):
    """Take the freed time offered from the waiting list, if it is still free."""
    client = my_client(request.user, action=Action.CREATE)
    allow_methods(request, "POST")
    entry = WaitingEntry.objects.filter(
        client=client, ended_at__isnull=True, offered_start__gt=timezone.now()
    ).first()
    if entry is None:
        return redirect("appointments:mine")
    try:
        records.ask(request.user, client, entry.offered_start)
    except records.DoubleBooked:
        messages.error(request, _("Sorry, that time has just been taken. You stay on the list."))
        entry.offered_start = entry.offered_end = None
        entry.save(update_fields=["offered_start", "offered_end"])
    else:
        messages.success(request, _("That time is yours. We have sent you an email."))
    return redirect("appointments:mine")


@role_required(Role.CLIENT)
def join_waiting(request):
    client = my_client(request.user, action=Action.CREATE)
    allow_methods(request, "POST")
    kind = WaitingEntry.Kind.SOONER if client.appointments.exists() else WaitingEntry.Kind.FIRST
    waiting.join(request.user, client, kind)
    messages.success(
        request, _("You are on the waiting list. We will email you if a time frees up.")
    )
    return redirect("appointments:mine")


@role_required(Role.CLIENT)
def my_reminders(request):
    writing = request.method == "POST"
    client = my_client(request.user, action=Action.UPDATE if writing else Action.VIEW)
    allow_methods(request, "GET", "POST")
    choice = reminders.choice_for(client)
    texts_possible = bool(getattr(settings, "ALONGSIDE_SMS_PROVIDER", ""))
    initial = {
        "by_email": choice.by_email,
        "by_text": choice.by_text,
        "hours": choice.hours_before or list(reminders.DEFAULT_HOURS),
    }
    form = ReminderForm(
        request.POST if writing else None, initial=initial, texts_possible=texts_possible
    )
    if writing and form.is_valid():
        data = form.cleaned_data
        records.choose_reminders(
            request.user,
            client,
            by_email=data["by_email"],
            by_text=data.get("by_text", False),
            hours=data["hours"],
        )
        messages.success(request, _("Saved. Your reminders will follow these choices."))
        return redirect("appointments:mine")
    return render(
        request, "appointments/my_reminders.html", {"form": form, "has_email": bool(client.email)}
    )
