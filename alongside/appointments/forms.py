"""Forms for appointments. Dates and times are read in the person's own time zone (the
middleware activates it), so "10:00" means ten o'clock where they are."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from alongside.appointments.models import (
    REASON,
    Booking,
    CalendarFeed,
    CancelledBy,
    Modality,
    Repeat,
    TimeOff,
    WaitingEntry,
    WorkingHours,
)
from alongside.appointments.recurrence import MAX_OCCURRENCES
from alongside.appointments.reminders import HOUR_CHOICES
from alongside.core.forms import Form, ModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WhenFields(Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=TIME)

    def starts_at(self) -> datetime:
        naive = datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive, timezone.get_current_timezone())


class AppointmentForm(WhenFields):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=10, max_value=240)
    modality = forms.ChoiceField(
        label=_("How you meet"), choices=Modality.choices, widget=forms.RadioSelect
    )
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to your practice's own video tool. Alongside hosts no video."),
    )
    repeat = forms.ChoiceField(label=_("Repeat"), choices=Repeat.choices, required=False)
    count = forms.IntegerField(
        label=_("How many times"),
        min_value=1,
        max_value=MAX_OCCURRENCES,
        initial=1,
        help_text=_("For a repeating appointment: how many, the first included."),
    )
    skipped = forms.CharField(
        label=_("Dates to leave out"),
        required=False,
        max_length=500,
        help_text=_("For a repeating appointment, e.g. 2026-12-24, 2026-12-31."),
    )

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda c: c.chosen_name

    def clean_skipped(self):
        days = []
        for part in self.cleaned_data["skipped"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                days.append(datetime.strptime(part, "%Y-%m-%d").date())
            except ValueError as error:
                raise forms.ValidationError(
                    _("Write each date as year-month-day, like 2026-12-24.")
                ) from error
        return days

    def clean(self):
        data = super().clean()
        if data.get("modality") == Modality.VIDEO and not data.get("video_link"):
            self.add_error("video_link", _("Add the link to your video tool."))
        return data


class MoveForm(WhenFields):
    reason = forms.CharField(
        label=_("Why it moved"), max_length=REASON, required=False, widget=forms.Textarea
    )


class CancelForm(Form):
    by = forms.ChoiceField(
        label=_("Who cancelled"), choices=CancelledBy.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON, required=False, widget=forms.Textarea
    )


class MyCancelForm(Form):
    reason = forms.CharField(
        label=_("Anything you want to tell your therapist (you don't have to)"),
        max_length=REASON,
        required=False,
        widget=forms.Textarea,
    )


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason (kept in the record, not emailed)"),
        max_length=REASON,
        required=False,
        widget=forms.Textarea,
    )


class WorkingHoursForm(ModelForm):
    class Meta:
        model = WorkingHours
        fields = ["weekday", "starts", "ends"]
        widgets = {"starts": TIME, "ends": TIME}

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end has to be after the start."))
        return data


class TimeOffForm(ModelForm):
    class Meta:
        model = TimeOff
        fields = ["first_day", "last_day"]
        widgets = {"first_day": DATE, "last_day": DATE}

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The last day can't be before the first."))
        return data


class TimesByDay(forms.RadioSelect):
    """Free times under each day (a fieldset with the day as its legend), a few rows per day:
    as one column of "Wednesday 9 December, 09:00" they ran to 7,000px on a phone."""

    template_name = "appointments/widgets/times_by_day.html"


class AskForm(Form):
    """The client picks one of the free times."""

    starts_at = forms.ChoiceField(label=_("Choose a time"), widget=TimesByDay)

    def __init__(self, *args, times, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = {t.isoformat(): t for t in times}
        days: dict[str, list[tuple[str, str]]] = {}
        for key, t in self.times.items():
            local = timezone.localtime(t)
            day = capfirst(date_format(local, "WEEKDAY_DATE_FORMAT"))
            days.setdefault(day, []).append((key, date_format(local, "TIME_FORMAT")))
        self.fields["starts_at"].choices = list(days.items())

    def chosen(self) -> datetime:
        return self.times[self.cleaned_data["starts_at"]]


HOUR_LABELS = {2: _("2 hours before"), 24: _("1 day before"), 48: _("2 days before")}


class ReminderForm(Form):
    by_email = forms.BooleanField(label=_("Remind me by email"), required=False)
    by_text = forms.BooleanField(label=_("Remind me by text message"), required=False)
    hours = forms.TypedMultipleChoiceField(
        label=_("When"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(h, HOUR_LABELS[h]) for h in HOUR_CHOICES],
    )

    def __init__(self, *args, texts_possible: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not texts_possible:
            del self.fields["by_text"]

    def clean(self):
        data = super().clean()
        if (data.get("by_email") or data.get("by_text")) and not data.get("hours"):
            self.add_error("hours", _("Choose when, or turn reminders off."))
        return data


class FeedForm(ModelForm):
    class Meta:
        model = CalendarFeed
        fields = ["show_names"]


class WaitingForm(Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    kind = forms.ChoiceField(label=_("Waiting for"), choices=WaitingEntry.Kind.choices)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda c: c.chosen_name


class BookingForm(ModelForm):
    class Meta:
        model = Booking
        fields = ["self_booking", "minutes", "notice_hours"]
