from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from alongside.accounts import attempts, mfa, passkeys
from alongside.core.forms import Form

LOCKED_MESSAGE = _("Too many wrong tries. For your safety, please wait 15 minutes and try again.")


class AnswerInput(forms.HiddenInput):
    """Where passkey.js puts the browser's answer. An answer is spent once checked, so it is
    never sent back in the page: a later submit with a code must not carry it again."""

    def format_value(self, value):
        return None


class CodeForm(Form):
    """A code from the authenticator app or a recovery code; or, given the request and a
    person with passkeys, a passkey's answer in the hidden `credential` field instead."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args, user, factor, allow_recovery=True, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.factor, self.allow_recovery = user, factor, allow_recovery
        self.request, self.passkey = request, None
        if not allow_recovery:
            self.fields["code"].help_text = _("The 6-digit code your app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
        elif factor is None:
            self.fields["code"].help_text = _("One of your recovery codes.")
        if request is not None and passkeys.has_passkeys(user):
            # Either the code or the passkey will do, so neither field is required on its own.
            self.fields["code"].required = False
            self.fields["credential"] = forms.CharField(
                required=False, widget=AnswerInput, max_length=20_000
            )

    def _passkey_answer(self) -> str:
        return self.data.get("credential", "") if "credential" in self.fields else ""

    def _limited(self) -> bool:
        # Counted only where the request is known: the sign-in second step and "confirm it
        # is you". (Setting up a first authenticator proves nothing, so guessing there
        # gains nothing.)
        return self.request is not None and attempts.locked(self.user, self.request)

    def _failed(self, where: str) -> None:
        if self.request is not None:
            attempts.failed(self.user, self.request, where=where)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self._passkey_answer():
            return code  # the passkey decides, in clean()
        if not code:
            raise forms.ValidationError(_("Type the code, or use your passkey."))
        if self._limited():
            raise forms.ValidationError(LOCKED_MESSAGE)
        result = mfa.code_result(self.factor, code) if self.factor else mfa.WRONG
        if result == mfa.ACCEPTED:
            return self._succeeded(code)
        if result == mfa.REUSED:
            self._failed("code_reused")
            raise forms.ValidationError(_("That code was just used; wait for the next one."))
        if self.allow_recovery and mfa.use_recovery_code(self.user, code):
            return self._succeeded(code)
        self._failed("recovery_code" if "-" in code else "code")
        raise forms.ValidationError(
            _("That code did not work. Codes change every 30 seconds and work once.")
        )

    def _succeeded(self, code):
        if self.request is not None:
            attempts.succeeded(self.user, self.request)
        return code

    def clean(self):
        cleaned = super().clean()
        answer = self._passkey_answer()
        if answer and self._limited():
            self.add_error(None, LOCKED_MESSAGE)
        elif answer:  # checked (and its challenge spent) even beside a wrong password
            try:
                self.passkey = passkeys.verify_use(self.request, answer)
            except passkeys.PasskeyRefused as refusal:
                self._failed("passkey")
                self.add_error(None, str(refusal))
            else:
                self._succeeded(None)
        return cleaned


class ConfirmIdentityForm(CodeForm):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not mfa.has_second_factor(self.user):
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = authenticate(self.request, username=self.user.username, password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("That password is not right."))
        return password


class PasskeyForm(Form):
    """Names a new passkey; the hidden `credential` carries the browser's answer."""

    name = forms.CharField(
        label=_("Name for this passkey"),
        max_length=60,
        required=False,
        help_text=_("So you can tell your passkeys apart, for example “Work laptop”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    credential = forms.CharField(required=False, widget=AnswerInput, max_length=20_000)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.passkey = request, None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        answer = cleaned.get("credential")
        if not answer:
            self.add_error(
                None,
                _("No passkey came from your browser. Adding a passkey needs JavaScript on."),
            )
            return cleaned
        try:
            self.passkey = passkeys.verify_new(self.request, answer)
        except passkeys.PasskeyRefused as refusal:
            self.add_error(None, str(refusal))
        return cleaned

    def save(self):
        self.passkey.name = self.cleaned_data["name"].strip() or str(_("Passkey"))
        self.passkey.save()
        return self.passkey
