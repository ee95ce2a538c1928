from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from alongside.accounts import mfa
from alongside.core.forms import Form


class CodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args, user, factor, allow_recovery=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.factor, self.allow_recovery = user, factor, allow_recovery
        if not allow_recovery:
            self.fields["code"].help_text = _("The 6-digit code your app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.factor and mfa.check_code(self.factor, code):
            return code
        if self.allow_recovery and mfa.use_recovery_code(self.user, code):
            return code
        raise forms.ValidationError(
            _("That code did not work. Codes change every 30 seconds and work once.")
        )


class ConfirmIdentityForm(CodeForm):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not self.factor:
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.user.username, password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("That password is not right."))
        return password
