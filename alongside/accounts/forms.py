from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import STAFF_ROLES, Practice, Role, User
from alongside.accounts.validators import validate_one_address
from alongside.core.forms import AccessibleBoundField, ModelForm, StorableInput


class PlainPasswords:
    """New-password boxes in plain words. Django's own wording is a list of four validator
    rules and "Enter the same password as before, for verification": the first thing a
    client reads on the portal, so it should read like the rest of it."""

    MISMATCH = _("The two passwords are not the same. Type the same password in both boxes.")
    # A refused form never sends a password back to the page, so the error summary says so.
    passwords_typed_again = True
    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _(
            "At least 12 characters, not your name, and not something easy to guess."
        )
        self.fields["new_password2"].label = _("New password again")
        self.fields["new_password2"].help_text = _(
            "Type it once more, so we know it went in as you meant."
        )


class AcceptInvitationForm(PlainPasswords, StorableInput, SetPasswordForm):
    """Choose a sign-in name and a password from an invitation link."""

    bound_field_class = AccessibleBoundField
    username = forms.CharField(
        label=_("Sign-in name"),
        max_length=150,
        help_text=_("Any name you like to sign in with. It does not need to be your real name."),
    )
    field_order = ["username", "new_password1", "new_password2"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.user.pk)
        if taken.exists():
            raise forms.ValidationError(_("That sign-in name is taken. Please choose another."))
        self.user.username = username
        return username

    def save(self, commit=True):
        # Never `is_active = True` here: an old link must not turn a turned-off account back
        # on (the link itself stops working once the account is off; see invitations.py).
        self.user.username = self.cleaned_data["username"]
        self.user._changed_by = self.user
        return super().save(commit)


class StaffForm(ModelForm):
    """A staff account, as the practice admin sees it.

    The supervisor chosen here is a proposal: it opens nothing until the therapist confirms
    it (accounts/privileges.py), so it is a plain field, never saved onto the account by
    the form. An admin can't change their own role."""

    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No supervisor"),
        help_text=_(
            "For therapists: who reviews their work. They see the therapist's clients only "
            "after the therapist confirms."
        ),
    )

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "pronouns",
            "email",
            "role",
            "is_privacy_officer",
        ]
        help_texts = {"email": _("The invitation to set a password goes here.")}

    field_order = [
        "first_name",
        "last_name",
        "pronouns",
        "email",
        "role",
        "supervisor",
        "is_privacy_officer",
    ]

    def __init__(self, *args, practice, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.fields["first_name"].required = True
        self.fields["email"].required = True
        self.fields["email"].validators = [validate_one_address]
        self.fields["role"].choices = [(r.value, r.label) for r in STAFF_ROLES]
        self.fields["supervisor"].queryset = User.objects.filter(
            practice=practice, role=Role.SUPERVISOR, is_active=True
        )
        if self.instance.pk:
            named = self.instance.proposed_supervisor_id or self.instance.supervisor_id
            self.fields["supervisor"].initial = named
        self.initial_role = self.instance.role if self.instance.pk else None

    @property
    def editing_self(self) -> bool:
        return bool(self.editor and self.instance.pk and self.instance.pk == self.editor.pk)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supervisor") and cleaned.get("role") != Role.THERAPIST:
            self.add_error("supervisor", _("Only therapists have a supervisor."))
        if self.editing_self and cleaned.get("role") and cleaned["role"] != self.initial_role:
            self.add_error(
                "role",
                _(
                    "You can't change your own role. Another practice admin can, and the "
                    "privacy officer is told."
                ),
            )
        if cleaned.get("is_privacy_officer") and not cleaned.get("email"):
            self.add_error(
                "email", _("A privacy officer needs an email address to be told of emergencies.")
            )
        return cleaned


class StaffStatusForm(forms.Form):
    bound_field_class = AccessibleBoundField
    is_active = forms.BooleanField(label=_("Account can sign in"), required=False)


class ForgotPasswordForm(StorableInput, forms.Form):
    bound_field_class = AccessibleBoundField
    username = forms.CharField(
        label=_("Your sign-in name"),
        max_length=150,
        help_text=_("The name you sign in with, not your email address."),
    )


class ResetPasswordForm(PlainPasswords, StorableInput, SetPasswordForm):
    """A new password from a "forgot my password" link."""

    bound_field_class = AccessibleBoundField

    def save(self, commit=True):
        self.user._changed_by = self.user
        return super().save(commit)


class ChangePasswordForm(PlainPasswords, StorableInput, PasswordChangeForm):
    """Changing a password while signed in: the same plain words as setting one. StorableInput
    refuses a lone surrogate next to its field: Django's own form hashed it and crashed."""

    bound_field_class = AccessibleBoundField

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": PlainPasswords.MISMATCH,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Your password now")


class TimeZoneForm(ModelForm):
    """A person's own time zone: every time they see is shown in it."""

    class Meta:
        model = User
        fields = ["time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from alongside.accounts.timezones import zone_choices

        self.fields["time_zone"].widget = forms.Select(choices=zone_choices())
        self.fields["time_zone"].help_text = _(
            "Times in Alongside, and in your reminders, are shown in this zone."
        )


class PracticeTimeZoneForm(ModelForm):
    """The practice's zone: for everyone who has not chosen their own."""

    class Meta:
        model = Practice
        fields = ["time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from alongside.accounts.timezones import known_zones

        choices = [("", _("The server's time zone"))] + [(z, z) for z in sorted(known_zones())]
        self.fields["time_zone"].widget = forms.Select(choices=choices)
