from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.api.models import Scope
from alongside.core.forms import Form

DAYS = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (365, _("A year"))]


class TokenForm(Form):
    name = forms.CharField(
        label=_("What it is for"),
        max_length=60,
        help_text=_("So you can tell your tokens apart, e.g. “reporting script”."),
    )
    scopes = forms.ChoiceField(
        label=_("What it may do"), choices=Scope.choices, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(
        label=_("Stops working after"), choices=DAYS, coerce=int, initial=30
    )
