from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.context.models import Dimension
from alongside.core.forms import Form, ModelForm, VersionedForm
from alongside.equity.models import EquitySettings, GroupRule, Intake, ReportingGroup


class SettingsForm(ModelForm):
    class Meta:
        model = EquitySettings
        fields = ["k", "round_to_5", "count_by_default"]


class GroupForm(ModelForm):
    class Meta:
        model = ReportingGroup
        fields = ["label"]

    def __init__(self, *args, practice=None, dimension=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice, self.dimension = practice, dimension

    def clean_label(self):
        label = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError(_("Give the group a name."))
        taken = ReportingGroup.objects.filter(
            practice=self.practice, dimension=self.dimension, label__iexact=label
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("There is already a group with this name here."))
        return label


class RuleForm(ModelForm):
    class Meta:
        model = GroupRule
        fields = ["match", "phrase"]

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        if not phrase:
            raise forms.ValidationError(_("Type the words to look for."))
        return phrase


class IntakeForm(VersionedForm):
    class Meta:
        model = Intake
        fields = ["referred_on", "ended_on", "ending"]
        widgets = {
            "referred_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        referred, ended = cleaned.get("referred_on"), cleaned.get("ended_on")
        if referred and ended and ended < referred:
            self.add_error("ended_on", _("The work can't end before the referral."))
        if cleaned.get("ending") and not ended:
            self.add_error("ended_on", _("Give the date the work ended."))
        return cleaned


class CountMeForm(Form):
    counted = forms.TypedChoiceField(
        label=_("Count me, without my name, in the practice's own check on fairness"),
        choices=[("yes", _("Yes, count me")), ("no", _("No, leave me out"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class ReportForm(Form):
    """What the report page is asked for (GET): the period and the groups to break down by."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    by = forms.ModelChoiceField(
        label=_("Groups by"),
        queryset=Dimension.objects.none(),
        to_field_name="code",
        required=False,
    )
    also = forms.ModelChoiceField(
        label=_("and at the same time by (optional)"),
        queryset=Dimension.objects.none(),
        to_field_name="code",
        required=False,
    )

    def __init__(self, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        dimensions = Dimension.objects.for_practice(practice)
        self.fields["by"].queryset = dimensions
        self.fields["also"].queryset = dimensions

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        if cleaned.get("also") and cleaned.get("also") == cleaned.get("by"):
            self.add_error("also", _("Choose a different dimension, or none."))
        return cleaned
