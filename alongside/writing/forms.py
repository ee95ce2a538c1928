from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form, VersionedForm
from alongside.writing.checking import accept_problems, pack_problems
from alongside.writing.models import DismissReason, PracticeLanguage


class DismissForm(Form):
    reason = forms.ChoiceField(
        label=_("Why set this aside?"), choices=DismissReason.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("A few words (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only you and colleagues on this record see this; the practice sees counts."),
    )


class PracticeLanguageForm(VersionedForm):
    class Meta:
        model = PracticeLanguage
        fields = ["accept_list", "rule_pack"]
        widgets = {
            "accept_list": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
            "rule_pack": forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "code"}),
        }

    def clean_accept_list(self):
        text = self.cleaned_data["accept_list"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        problems = accept_problems(lines)
        if problems:
            raise forms.ValidationError(problems)
        return "\n".join(lines)

    def clean_rule_pack(self):
        text = self.cleaned_data["rule_pack"]
        if text.strip():
            problems = pack_problems(text)
            if problems:
                raise forms.ValidationError(problems[:10])
        return text
