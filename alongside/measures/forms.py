"""Forms: answering a questionnaire (built from its questions), assigning one, a repair."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import Form
from alongside.measures import instruments
from alongside.measures.models import Schedule

REQUIRED = _("Choose an answer to go on. You can also save and finish later.")


def _field(question, *, require: bool, help_text: str):
    common = {
        "label": question.text,
        "help_text": help_text,
        "required": question.required and require,
    }
    if question.kind == "integer":
        low, high = question.min_value or 0, question.max_value or 10
        message = _("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        return forms.TypedChoiceField(
            choices=[(str(n), str(n)) for n in range(low, high + 1)],
            coerce=int,
            widget=forms.RadioSelect(attrs={"class": "scale-input"}),
            error_messages={"required": REQUIRED, "invalid_choice": message},
            **common,
        )
    if question.kind == "choice":
        choices = [(o.code, o.display) for o in question.options]
        invalid = _("That answer isn't one of the choices. Please choose one of them.")
        if question.repeats:
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": REQUIRED, "invalid_choice": invalid},
                **common,
            )
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": REQUIRED, "invalid_choice": invalid},
            **common,
        )
    max_length = question.max_length or 2000
    return forms.CharField(
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}) if question.kind == "text" else forms.TextInput,
        strip=True,
        **common,
    )


class AnswerForm(Form):
    """The questions on one page. `require=False` (going back, saving for later) lets a page
    be left half answered; what was answered is still checked."""

    def __init__(self, questions, *args, require=True, show_group_text=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            help_parts = []
            if show_group_text and question.group_text:
                help_parts.append(question.group_text)
            if question.help:
                help_parts.append(question.help)
            self.fields[question.link_id] = _field(
                question, require=require, help_text=" ".join(help_parts)
            )

    def answers(self) -> dict:
        """The cleaned answers on this page, blanks left out."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.link_id)
            if value not in (None, "", []):
                found[question.link_id] = value
        return found


def initial_for(questions, answers: dict) -> dict:
    return {
        q.link_id: str(answers[q.link_id]) if q.kind == "integer" else answers[q.link_id]
        for q in questions
        if q.link_id in answers
    }


class AssignForm(Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    schedule = forms.ChoiceField(
        label=_("When"), choices=Schedule.choices, widget=forms.RadioSelect
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=26,
        required=False,
        help_text=_('Only for "every few weeks".'),
    )
    email_links = forms.BooleanField(
        label=_("Email the client a link when one is due"),
        required=False,
        help_text=_("Only if they have an email address. Each link works once, for a week."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instruments.choices()

    def clean(self):
        data = super().clean()
        if data.get("schedule") == Schedule.EVERY_N_WEEKS and not data.get("every_weeks"):
            self.add_error("every_weeks", _("Say how many weeks apart, from 1 to 26."))
        return data


class RepairForm(Form):
    note = forms.CharField(
        label=_("What did you do?"),
        max_length=4000,
        help_text=_(
            "For example: we talked about it at the start of the next session; what we agreed "
            "to change. Kept in the record for you and your supervisor."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "data-language-check": "on"}),
    )
