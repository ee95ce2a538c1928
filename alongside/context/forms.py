"""Forms for the map, experiences, formulation and the client's voice.

Vocabulary choices post codes, not ids, so an unknown code gets a message that says so.
Therapist-side text areas carry the language checker hook; the client's own words in the
portal are theirs and are not checked.
"""

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from alongside.context.models import (
    LONG_TEXT,
    Dimension,
    Experience,
    Feedback,
    LifeDomain,
    MapEntry,
    OppressionSystem,
    Position,
    PowerReflection,
    Visibility,
)
from alongside.core.forms import Form, ModelForm, VersionedForm

CHECKED = {"data-language-check": "on", "rows": 6}
UNKNOWN_CODE = _("We don't know the code “%(value)s”. Please choose one from the list.")
MONTH_CHOICES = [("", _("(month not known)")), *MONTHS.items()]


def _textarea(rows=5, checked=False):
    attrs = dict(CHECKED) if checked else {}
    attrs["rows"] = rows
    return forms.Textarea(attrs=attrs)


class VocabularyChoice(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": UNKNOWN_CODE}

    def label_from_instance(self, obj):
        return obj.display


class VocabularyChoices(forms.ModelMultipleChoiceField):
    default_error_messages = {"invalid_choice": UNKNOWN_CODE}

    def label_from_instance(self, obj):
        return obj.display


# Map ---------------------------------------------------------------------------------------

MAP_FIELDS = ["dimension", "custom_label", "words", "salience", "lived_as", "prefer_not_to_say"]


class MapFieldsForm(VersionedForm):
    """Shared by the client's map and the therapist's positionality."""

    owner_field = "client"

    def __init__(self, *args, practice=None, owner=None, checked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["dimension"] = VocabularyChoice(
            queryset=Dimension.objects.for_practice(practice),
            to_field_name="code",
            required=False,
            label=_("Part of who you are"),
            empty_label=_("Something else (name it below)"),
        )
        if self.instance.pk:
            # The part of the map is fixed once made; the form posts codes, not ids.
            self.fields["dimension"].disabled = True
            self.initial["dimension"] = getattr(self.instance.dimension, "code", None)
            if self.instance.dimension_id:
                # "Name of this part of you: for a part the list doesn't name" asked a client
                # changing "Gender" to name it again; a listed part keeps the list's name.
                del self.fields["custom_label"]
        self.fields["words"].widget = _textarea(4, checked)
        self.fields["salience"].widget = forms.RadioSelect(choices=self.fields["salience"].choices)
        self.fields["lived_as"].widget = forms.RadioSelect(choices=self.fields["lived_as"].choices)
        self.fields["lived_as"].help_text = _(
            "Privilege: it tends to make life easier or gives you power. "
            "Marginalisation: it tends to bring unfair treatment or exclusion."
        )
        self.fields["prefer_not_to_say"].help_text = _(
            "Keeps this part of the map without your words. Earlier words stay in the history, "
            "which only you can then read."
        )

    def clean(self):
        data = super().clean()
        dimension, custom = data.get("dimension"), (data.get("custom_label") or "").strip()
        if not self.instance.pk:
            if not dimension and not custom:
                self.add_error(
                    "custom_label", _("Choose a part from the list, or give it a name here.")
                )
            if dimension and self.owner is not None:
                model = self._meta.model
                taken = model.objects.filter(
                    **{self.owner_field: self.owner, "dimension": dimension}
                )
                if taken.exists():
                    self.add_error(
                        "dimension", _("This part is already on the map. Change it there instead.")
                    )
        if dimension and custom:
            data["custom_label"] = ""
        return data


class MapEntryForm(MapFieldsForm):
    class Meta:
        model = MapEntry
        fields = [*MAP_FIELDS, "visibility"]
        widgets = {"visibility": forms.RadioSelect}
        help_texts = {
            "visibility": _(
                "Admins never see it. Other therapists never see it. "
                "A supervisor helps your therapist think about their work."
            )
        }


class PositionForm(MapFieldsForm):
    owner_field = "therapist"

    class Meta:
        model = Position
        fields = [*MAP_FIELDS, "share_with_supervisor", "share_with_clients"]


# Experiences -------------------------------------------------------------------------------


class ExperienceForm(VersionedForm):
    class Meta:
        model = Experience
        fields = [
            "title",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
            "ongoing",
            "approximate",
            "when_words",
            "domain",
            "systems",
            "systems_other",
            "what_happened",
            "impact",
            "response",
            "visibility",
        ]
        widgets = {"visibility": forms.RadioSelect}

    def __init__(self, *args, practice=None, checked=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"] = VocabularyChoice(
            queryset=LifeDomain.objects.for_practice(practice),
            to_field_name="code",
            label=_("Part of life"),
            empty_label=_("Choose one"),
        )
        self.fields["systems"] = VocabularyChoices(
            queryset=OppressionSystem.objects.for_practice(practice),
            to_field_name="code",
            required=False,
            label=_("Systems involved"),
            help_text=_("Choose as many as fit."),
            widget=forms.CheckboxSelectMultiple,
        )
        if self.instance.pk:
            self.initial["domain"] = getattr(self.instance.domain, "code", None)
        for name in ("start_month", "end_month"):
            self.fields[name] = forms.TypedChoiceField(
                choices=MONTH_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                label=self.fields[name].label,
            )
        this_year = timezone.now().year
        for name in ("start_year", "end_year"):
            field = self.fields[name]
            field.min_value, field.max_value = 1900, this_year
            field.widget.attrs.update({"min": 1900, "max": this_year, "inputmode": "numeric"})
            field.error_messages["invalid"] = _("Write the year as four digits, like 2019.")
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
        for name in ("what_happened", "impact", "response"):
            self.fields[name].widget = _textarea(5, checked)

    def clean(self):
        data = super().clean()
        this_year = timezone.now().year
        for name in ("start_year", "end_year"):
            year = data.get(name)
            if year is not None and not 1900 <= year <= this_year:
                self.add_error(
                    name, _("Give a year between 1900 and %(year)s.") % {"year": this_year}
                )
        for month, year in (("start_month", "start_year"), ("end_month", "end_year")):
            if data.get(month) and not data.get(year):
                self.add_error(year, _("Add the year too, or leave the month out."))
        start = (data.get("start_year") or 0, data.get("start_month") or 0)
        end = (data.get("end_year") or 0, data.get("end_month") or 0)
        if data.get("start_year") and data.get("end_year") and end < start:
            self.add_error("end_year", _("The end is before the start. Please check the dates."))
        if data.get("ongoing") and data.get("end_year"):
            self.add_error("end_year", _("Leave the end empty if it is still going on."))
        systems = data.get("systems") or []
        if any(s.code == "other" for s in systems) and not data.get("systems_other"):
            self.add_error("systems_other", _("Say which other system, in your words."))
        return data


# Formulation -------------------------------------------------------------------------------


class SectionForm(Form):
    text = forms.CharField(
        label=_("Text"), required=False, max_length=LONG_TEXT, widget=_textarea(10, True)
    )
    experiences = forms.ModelMultipleChoiceField(
        queryset=Experience.objects.none(),
        required=False,
        label=_("Linked experiences"),
        help_text=_("Experiences on the timeline this part draws on."),
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, experiences=None, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label
        if experiences is not None:
            self.fields["experiences"].queryset = experiences
            self.fields["experiences"].label_from_instance = lambda e: f"{e.title} ({e.period})"


class FormulationVisibilityForm(Form):
    visibility = forms.ChoiceField(
        label=_("Who may read the formulation"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
    )


class FeedbackForm(ModelForm):
    class Meta:
        model = Feedback
        fields = ["kind", "text", "proposed_text"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "proposed_text": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"kind": _("What would you like to do?")}
        help_texts = {
            "proposed_text": _("Only for a proposed change. Write the part as you would put it."),
        }

    def __init__(self, *args, current_text="", kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_text = current_text
        self.fields["kind"].choices = Feedback.Kind.choices
        if kind in Feedback.Kind.values:
            # The page was opened for one kind: no choice to make, and the box for new
            # words only where the client is proposing a change.
            self.fields["kind"].widget = forms.HiddenInput()
            self.initial["kind"] = kind
            if kind != Feedback.Kind.PROPOSAL:
                del self.fields["proposed_text"]
            else:
                self.fields["text"].label = _("Why (if you like)")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        proposed = (data.get("proposed_text") or "").strip()
        if kind == Feedback.Kind.PROPOSAL:
            if not proposed or proposed == self.current_text.strip():
                self.add_error("proposed_text", _("Write the part as you would put it."))
        elif proposed and proposed != self.current_text.strip():
            self.add_error(
                "kind", _("You wrote a new version: choose “Proposed change” to send it.")
            )
        else:
            data["proposed_text"] = ""
        if kind == Feedback.Kind.COMMENT and not (data.get("text") or "").strip():
            self.add_error("text", _("Write your comment here."))
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


class ReflectionForm(VersionedForm):
    class Meta:
        model = PowerReflection
        fields = ["text"]
        widgets = {"text": _textarea(8, True)}
        labels = {"text": _("My reflection (only I can read this)")}
