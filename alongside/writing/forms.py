from django import forms
from django.core.validators import MaxLengthValidator
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


# Generous, but finite: a TextField has no limit of its own, and a rule pack is parsed and
# each of its test sentences checked on every save.
LIMITS = {"accept_list": 20_000, "rule_pack": 100_000}


class PracticeLanguageForm(VersionedForm):
    class Meta:
        model = PracticeLanguage
        fields = ["accept_list", "rule_pack"]
        widgets = {
            "accept_list": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
            "rule_pack": forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "code"}),
        }
        # The model's help points at RULES.md, a file an admin in the browser can't open.
        help_texts = {
            "rule_pack": _(
                "YAML, in the same format as the built-in rules: start from the example above. "
                "Every field is explained in alongside/language/RULES.md in Alongside's source."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)

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
