"""Forms for the plan, used by both the therapist and the client.

`checked=True` (the therapist's pages) puts the wording checker on the text areas; what the
client writes in the portal is theirs and is not checked. Vocabulary posts codes, not ids.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.context.forms import VocabularyChoices
from alongside.context.models import Experience, OppressionSystem
from alongside.core.forms import Form, ModelForm, VersionedForm
from alongside.plans.models import (
    LONG_TEXT,
    CrisisLine,
    Goal,
    PlanFeedback,
    SolidarityAction,
    Step,
    Supporter,
)
from alongside.resources.models import Referral


def _textarea(rows=4, checked=False):
    attrs = {"rows": rows}
    if checked:
        attrs["data-language-check"] = "on"
    return forms.Textarea(attrs=attrs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _sensible_date(value, field_name, form):
    """Dates on a plan are within a lifetime: refuse year 1 and year 9999 with a message."""
    if value is not None and not date(1900, 1, 1) <= value <= date(2200, 12, 31):
        form.add_error(field_name, _("Please give a date between 1900 and 2200."))


def _no_blank_radio(form):
    """Radio buttons for a required choice: no "---------" option, nothing ticked for you."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect) and field.required:
            field.choices = [(v, label) for v, label in field.choices if v != ""]


class SectionForm(Form):
    text = forms.CharField(label=_("In your words"), required=False, max_length=LONG_TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, label=None, hint="", checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget = _textarea(8, checked)
        if label:
            self.fields["text"].label = label
        self.fields["text"].help_text = hint


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["level", "title", "different", "status", "experiences", "systems"]
        widgets = {"level": forms.RadioSelect, "status": forms.RadioSelect}

    def __init__(self, *args, client=None, viewer=None, checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_radio(self)
        self.fields["different"].widget = _textarea(5, checked)
        # Only the experiences this person may read can be linked, or seen to be linked.
        visible = Experience.objects.visible_to(viewer).filter(client=client).timeline()
        self.fields["experiences"] = forms.ModelMultipleChoiceField(
            queryset=visible,
            required=False,
            label=_("Experiences this goal answers (optional)"),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["experiences"].label_from_instance = lambda e: f"{e.title} ({e.period})"
        if not visible.exists():
            self.fields["experiences"].help_text = _("No experiences are written down yet.")
        self.fields["systems"] = VocabularyChoices(
            queryset=OppressionSystem.objects.for_practice(client.practice if client else None),
            to_field_name="code",
            required=False,
            label=_("Systems involved (optional)"),
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.initial["experiences"] = list(
                self.instance.experiences.filter(pk__in=visible.values("pk"))
            )
            self.initial["systems"] = [s.code for s in self.instance.systems.all()]

    def _save_m2m(self):
        # Keep links to experiences this person can't see: they are not theirs to remove.
        hidden = []
        if self.instance.pk:
            hidden = list(
                self.instance.experiences.exclude(
                    pk__in=self.fields["experiences"].queryset.values("pk")
                )
            )
        super()._save_m2m()
        if hidden:
            self.instance.experiences.add(*hidden)


class RatingForm(Form):
    rating = forms.TypedChoiceField(
        label=_("How far has it come?"),
        help_text=_("0 is not started, 10 is there."),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )


class StepForm(VersionedForm):
    class Meta:
        model = Step
        fields = ["goal", "what", "who", "who_name", "by_when", "referral", "done", "in_the_way"]
        widgets = {"who": forms.RadioSelect, "by_when": DateInput}

    def __init__(self, *args, plan=None, checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_radio(self)
        self.fields["goal"].queryset = plan.goals.all() if plan else Goal.objects.none()
        self.fields["goal"].empty_label = _("Not for one goal")
        if plan is not None and not self.instance.plan_id:
            self.instance.plan = plan  # so the model's own check sees whose plan it is
        # Only resources shared with this client (the plan's), never anyone else's.
        referral = self.fields["referral"]
        referral.queryset = (
            Referral.objects.filter(client=plan.client).select_related("service")
            if plan
            else Referral.objects.none()
        )
        referral.label_from_instance = lambda r: r.service.name
        referral.empty_label = _("None")
        referral.help_text = _("A resource or referral shared with the client that this step uses.")
        self.fields["what"].widget = _textarea(3, checked)
        self.fields["in_the_way"].widget = _textarea(3, checked)
        self.fields["in_the_way"].help_text = _("No blame: what made it harder, if anything.")

    def clean(self):
        data = super().clean()
        _sensible_date(data.get("by_when"), "by_when", self)
        return data


class SupporterForm(VersionedForm):
    class Meta:
        model = Supporter
        fields = ["kind", "name", "helps_with", "reach"]
        widgets = {"kind": forms.RadioSelect, "helps_with": _textarea(3)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_radio(self)


class SolidarityForm(VersionedForm):
    class Meta:
        model = SolidarityAction
        fields = ["kind", "what", "with_consent", "done_on", "outcome"]
        widgets = {"kind": forms.RadioSelect, "done_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_blank_radio(self)
        self.fields["what"].widget = _textarea(3, True)
        self.fields["outcome"].widget = _textarea(3, True)

    def clean(self):
        data = super().clean()
        _sensible_date(data.get("done_on"), "done_on", self)
        if data.get("kind") == "complaint" and not data.get("with_consent"):
            self.add_error(
                "with_consent", _("A complaint is raised only with the client's agreement.")
            )
        return data


class ReviewDateForm(Form):
    review_on = forms.DateField(label=_("Next review"), required=False, widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        _sensible_date(data.get("review_on"), "review_on", self)
        return data


class ReviewForm(Form):
    how_going = forms.CharField(label=_("How is the plan going?"), max_length=LONG_TEXT)

    def __init__(self, *args, checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["how_going"].widget = _textarea(5, checked)


class FeedbackForm(ModelForm):
    class Meta:
        model = PlanFeedback
        fields = ["text", "proposed_text"]
        widgets = {"text": _textarea(4), "proposed_text": _textarea(6)}
        help_texts = {
            "proposed_text": _("Optional. Write it the way you would put it."),
        }

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not (data.get("proposed_text") or "").strip():
            self.add_error("text", _("Write what you see differently, or how you would put it."))
        return data


class ReplyForm(Form):
    reply = forms.CharField(
        label=_("Your answer to the client"),
        max_length=LONG_TEXT,
        widget=_textarea(4, True),
        help_text=_("The client reads this. Their words stay as they wrote them."),
    )


class AcceptForm(Form):
    reply = forms.CharField(
        label=_("A note to the client (optional)"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(3, True),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CrisisLineForm(ModelForm):
    class Meta:
        model = CrisisLine
        fields = ["name", "how_to_reach", "when_open", "order", "is_active"]
