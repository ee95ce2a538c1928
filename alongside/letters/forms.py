"""Forms for letters, their templates and the letterhead."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form, ModelForm, VersionedForm
from alongside.letters.models import Letter, Letterhead, LetterTemplate
from alongside.letters.placeholders import known_list

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_past(value):
    if value is not None and value < timezone.localdate():
        raise forms.ValidationError(_("Choose today or a later date."))
    if value is not None and value > timezone.localdate() + timedelta(days=3 * 366):
        raise forms.ValidationError(_("Consent can last at most three years."))
    return value


class StartLetterForm(ModelForm):
    class Meta:
        model = Letter
        fields = ["template", "recipient", "purpose", "consent_until"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2}), "consent_until": DATE}
        labels = {"template": _("Kind of letter")}
        help_texts = {
            "template": _(
                "The draft starts from this practice template. You can change every word "
                "before the client reads it."
            )
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        field.queryset = LetterTemplate.objects.for_practice(practice).filter(is_active=True)
        field.required = True
        field.empty_label = None
        self.initial.setdefault("consent_until", timezone.localdate() + timedelta(days=90))

    def clean_consent_until(self):
        return _not_past(self.cleaned_data.get("consent_until"))


class LetterForm(VersionedForm):
    class Meta:
        model = Letter
        fields = ["recipient", "purpose", "consent_until", "body"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "consent_until": DATE,
            "body": forms.Textarea(attrs={"rows": 18, "data-language-check": "on"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Placeholders you can use: %(known)s. {facts} is where the facts the client picks go."
        ) % {"known": known_list()}

    def clean_consent_until(self):
        return _not_past(self.cleaned_data.get("consent_until"))


class ChooseFactsForm(Form):
    facts = forms.MultipleChoiceField(
        label=_("what may go in the letter"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing goes in unless you tick it."),
    )

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facts"].choices = [
            (offer.source, f"{offer.group} · {offer.label}: {offer.text}") for offer in offers
        ]


class ApproveForm(Form):
    agree = forms.BooleanField(
        label=_("I have read this letter and agree to it being sent for this purpose"),
        required=True,
    )


class ChangeRequestForm(Form):
    text = forms.CharField(
        label=_("what you would like changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TemplateForm(VersionedForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "title", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _("Plain text. Placeholders you can use: %(known)s.") % {
            "known": known_list()
        }


class LetterheadForm(ModelForm):
    class Meta:
        model = Letterhead
        fields = ["name", "address", "phone", "email", "footer"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
