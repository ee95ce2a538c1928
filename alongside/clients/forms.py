from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.clients.models import Client, NamingStyle
from alongside.core.forms import Form, VersionedForm

PROFILE_FIELDS = [
    "chosen_name",
    "pronouns",
    "language",
    "email",
    "phone",
    "self_description",
    "naming_style",
    "own_terms",
]


class NamingFields(VersionedForm):
    """Naming preferences as radio buttons, with "no preference" spelled out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["naming_style"])  # a field with choices
        field.choices = [("", _("No preference")), *NamingStyle.choices]
        field.widget = forms.RadioSelect(choices=field.choices)


class ClientProfileForm(NamingFields):
    """What a therapist records; the legal name sits apart, for billing only."""

    class Meta:
        model = Client
        fields = [*PROFILE_FIELDS, "legal_name"]
        labels = {"chosen_name": _("Name they use")}
        widgets = {
            "own_terms": forms.Textarea(attrs={"rows": 2}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }


class MyProfileForm(NamingFields):
    """What a client can change about themselves in the portal."""

    class Meta:
        model = Client
        fields = PROFILE_FIELDS
        labels = {
            "chosen_name": _("The name you want us to use"),
            "pronouns": _("Your pronouns"),
            "language": _("Your preferred language"),
            "email": _("Your email"),
            "phone": _("Your phone"),
            "self_description": _("How you describe yourself"),
            "naming_style": _("How we talk and write about you"),
            "own_terms": _("Words you use for yourself"),
        }
        widgets = {
            "own_terms": forms.Textarea(attrs={"rows": 2}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "chosen_name": "",
            "language": "",
            "self_description": _("Only what you want to share. You can change it any time."),
            "naming_style": _(
                "If a diagnosis, disability or identity comes up, which way round you want "
                "the words: for example “a person with a disability” or “a disabled person”. "
                "Your therapist's writing checker follows your choice."
            ),
            "own_terms": _(
                "For example Deaf, autistic, fat or queer. Your therapist's writing "
                "checker will not question these words when they write about you."
            ),
        }


class EmergencyAccessForm(Form):
    record_number = forms.IntegerField(
        label=_("Record number"), min_value=1, help_text=_("Shown at the top of every record.")
    )
    reason = forms.CharField(
        label=_("Why you need this record now"),
        min_length=20,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The client's therapist and the client will see that you opened it."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I need this record for someone's safety or care now. I understand this is "
            "logged and reported."
        ),
    )


class EmergencyReviewForm(Form):
    """A privacy officer marks one emergency opening reviewed, in their own words."""

    note = forms.CharField(
        label=_("What you found"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example, whether the opening was justified and anything you followed up. "
            "Kept encrypted with the review."
        ),
    )


class ClientSearchForm(Form):
    q = forms.CharField(
        label=_("Find a client by name"),
        max_length=120,
        help_text=_("The start of any part of their name: capitals and accents don't matter."),
        # A search box is never required: an empty search goes back to the whole list.
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )

    def clean_q(self):
        from alongside.clients.name_index import MIN_PREFIX, normalise

        if not self.cleaned_data["q"]:
            return ""
        words = [w for w in normalise(self.cleaned_data["q"]) if len(w) >= MIN_PREFIX]
        if not words:
            raise forms.ValidationError(_("Type at least two letters of a name."))
        return self.cleaned_data["q"]
