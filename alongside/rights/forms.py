from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form, ModelForm
from alongside.rights.models import TEXT, Correction, EndOfWork, Part, RetentionRule


class CorrectionForm(ModelForm):
    """What the client asks to be corrected. `notes` are the signed notes they can read."""

    class Meta:
        model = Correction
        fields = ["part", "note", "text"]
        widgets = {"part": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "note": _("Only if it is about a session note."),
            "text": _("Say what is wrong and how it should read. Your therapist will answer."),
        }

    def __init__(self, *args, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = Part.choices
        self.fields["note"].queryset = (
            notes if notes is not None else self.fields["note"].queryset.none()
        )
        self.fields["note"].label_from_instance = lambda n: f"{n.session.date:%d %b %Y}"
        self.fields["note"].empty_label = _("Not about a note")

    def clean(self):
        data = super().clean()
        if data.get("part") == Part.NOTE and not data.get("note"):
            self.add_error("note", _("Choose the session note it is about."))
        if data.get("part") != Part.NOTE:
            data["note"] = None
        return data


class AnswerForm(Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("accepted", _("Accept: I have changed the record (or do so with this answer)")),
            ("declined", _("Decline: the record stays as it is")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("What you changed, or why you are not changing it"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "data-language-check": "on"}),
        help_text=_(
            "The client reads this. For a signed note, accepting adds this answer to the "
            "note as an addendum."
        ),
    )


class EndOfWorkForm(ModelForm):
    class Meta:
        model = EndOfWork
        fields = ["ended_on", "birth_date"]
        widgets = {"ended_on": forms.DateInput(attrs={"type": "date"})}

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended > timezone.localdate():
            raise forms.ValidationError(_("The work can't end in the future."))
        return ended

    def clean_birth_date(self):
        text = self.cleaned_data.get("birth_date", "").strip()
        if not text:
            return ""
        try:
            born = date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(_("Write the date as YYYY-MM-DD.")) from None
        if born > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return born.isoformat()


class ConfirmForm(Form):
    confirm = forms.BooleanField(label=_("Yes, I understand and want to go ahead"))


class RetentionRuleForm(ModelForm):
    class Meta:
        model = RetentionRule
        fields = [
            "years_after_last_contact",
            "age_of_majority",
            "minor_keep_until_age",
            "minor_years_after_majority",
        ]

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            if data.get(name) is not None and data[name] > 100:
                self.add_error(name, _("At most 100."))
        return data
