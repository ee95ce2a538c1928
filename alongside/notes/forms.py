from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form, ModelForm, VersionedForm
from alongside.notes.models import (
    LONG_TEXT,
    MISSED,
    SECTIONS,
    SHORT_TEXT,
    AgreedAction,
    Barrier,
    Flag,
    FlagSection,
    Modality,
    Note,
    NotePolicy,
    Session,
    Who,
)


def clinical_text(rows=5, **attrs):
    """A textarea the language checker attaches to (see CONTRIBUTING, rule 9)."""
    return forms.Textarea(attrs={"rows": rows, "data-language-check": "on", **attrs})


class SessionForm(VersionedForm):
    class Meta:
        model = Session
        fields = ["date", "minutes", "modality", "attendance", "barrier"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "modality": forms.RadioSelect,
            "attendance": forms.RadioSelect,
        }
        labels = {"barrier": _("What got in the way (optional)")}
        help_texts = {
            "barrier": _(
                "Only if they did not attend or cancelled, and only if they told you. "
                "This shows the service what it needs to change."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django starts both lists with a blank "---------": as a radio button it read as a
        # fourth way to meet, and in the list it said nothing.
        self.fields["modality"].choices = Modality.choices
        self.fields["barrier"].choices = [("", _("Not said")), *Barrier.choices]

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if not 1 <= minutes <= 600:
            raise forms.ValidationError(_("Enter a length between 1 and 600 minutes."))
        return minutes

    def clean(self):
        data = super().clean()
        if data.get("barrier") and data.get("attendance") not in MISSED:
            self.add_error(
                "barrier",
                _("Leave this empty when the session went ahead or you cancelled it."),
            )
        return data


SECTION_HELP = {
    "agenda": _("What they came wanting to talk about, in their words. Quote them."),
    "systems": _(
        "The systems and experiences you talked about: racism, housing, work, "
        "immigration, this therapy, and so on."
    ),
    "meanings": _("What sense they made of it, and the connections you made together."),
    "strategies": _("What they have done to survive and resist, named or practised today."),
    "power": _("How the difference in power between you showed up, and what you did with it."),
    "ruptures": _("Any misunderstanding or hurt between you, and how you repaired it."),
}


class NoteForm(VersionedForm):
    """The shared note, plus the author's private reflection (stored apart, see records)."""

    private_reflection = forms.CharField(
        label=_("Private reflection (only you can read this)"),
        help_text=_(
            "Your own thoughts about power, positionality and your reactions. Kept apart "
            "from the record: never shown to the client, in exports or to admins."
        ),
        required=False,
        max_length=LONG_TEXT,
        widget=clinical_text(rows=4),
    )
    share_reflection = forms.BooleanField(
        label=_("Share this private reflection with my supervisor"),
        required=False,
    )

    class Meta:
        model = Note
        fields = [*SECTIONS, "experiences"]
        widgets = {
            **{name: clinical_text() for name in SECTIONS},
            "experiences": forms.CheckboxSelectMultiple,
        }
        help_texts = SECTION_HELP

    def __init__(self, *args, supervisor=None, experiences=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the client's experiences this user may see (the context app's own scope).
        if experiences is not None:
            self.fields["experiences"].queryset = experiences
        else:
            self.fields["experiences"].queryset = self.fields["experiences"].queryset.none()
        self.fields["experiences"].label_from_instance = _experience_label
        if not self.fields["experiences"].queryset.exists():
            self.fields["experiences"].help_text = _(
                "None recorded yet. Create one from this note with the button below."
            )
        for name in ("power", "ruptures"):
            self.fields[name].help_text = _("%(help)s Shared with the client once signed.") % {
                "help": SECTION_HELP[name]
            }
        if supervisor is None:
            del self.fields["share_reflection"]
        else:
            self.fields["share_reflection"].help_text = _(
                "Only %(name)s will be able to read it, and only while they supervise you."
            ) % {"name": supervisor.display_name}

    def has_content(self) -> bool:
        return any(self.cleaned_data.get(name, "").strip() for name in SECTIONS)


def _experience_label(experience) -> str:
    period = experience.period
    return f"{experience.title} ({period})" if period else experience.title


class ActionForm(ModelForm):
    class Meta:
        model = AgreedAction
        fields = ["text", "who", "done"]
        widgets = {"text": clinical_text(rows=2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty rows are fine; a half-filled row is not (see clean).
        self.fields["text"].required = False
        self.fields["who"].required = False
        self.fields["who"].choices = [("", _("Choose who")), *Who.choices]

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        text, who = (data.get("text") or "").strip(), data.get("who")
        if who and not text:
            self.add_error("text", _("Write what was agreed, or clear “who will do it”."))
        if text and not who:
            self.add_error("who", _("Choose who will do it."))
        return data


class BaseActionFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this action")


ActionFormSet = inlineformset_factory(
    Note,
    AgreedAction,
    form=ActionForm,
    formset=BaseActionFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=30,
)


class SignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AddendumForm(Form):
    text = forms.CharField(
        label=_("Addendum"),
        help_text=_(
            "The signed note stays as it is. Your addendum is shown beneath it, "
            "with your name and the time."
        ),
        max_length=LONG_TEXT,
        widget=clinical_text(),
    )


class HoldForm(Form):
    reason = forms.CharField(
        label=_("Why you are holding this note back"),
        help_text=_(
            "Recorded with your name and the time. The client is told that a note is "
            "held back and can ask you about it."
        ),
        max_length=SHORT_TEXT,
        widget=clinical_text(rows=3),
    )


class ReflectionForm(Form):
    text = forms.CharField(
        label=_("Private reflection (only you can read this)"),
        required=False,
        max_length=LONG_TEXT,
        widget=clinical_text(),
    )
    share = forms.BooleanField(
        label=_("Share this private reflection with my supervisor"), required=False
    )


class ReplyForm(Form):
    reply = forms.CharField(
        label=_("Your reply"),
        help_text=_("The client reads your reply beside what they wrote."),
        max_length=SHORT_TEXT,
        widget=clinical_text(rows=3),
    )


class SupervisionCommentForm(Form):
    text = forms.CharField(
        label=_("Supervision comment"),
        help_text=_("The therapist reads this. The client does not."),
        max_length=SHORT_TEXT,
        widget=clinical_text(rows=3),
    )


class PerspectiveForm(Form):
    text = forms.CharField(
        label=_("My perspective"),
        help_text=_(
            "How the session was for you, in your own words. It is kept with the note "
            "and your therapist will read it."
        ),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FlagForm(ModelForm):
    class Meta:
        model = Flag
        fields = ["section", "reason"]
        widgets = {"section": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}
        labels = {
            "section": _("Which part doesn't fit you?"),
            "reason": _("What doesn't fit, and what would fit better?"),
        }
        help_texts = {"reason": _("Your therapist will read this and can reply.")}

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the parts this note has, and no empty "---------" radio button.
        self.fields["section"].choices = [
            (value, label)
            for value, label in FlagSection.choices
            if sections is None or value in sections
        ]


class NotePolicyForm(ModelForm):
    class Meta:
        model = NotePolicy
        fields = ["allow_holding_back"]
