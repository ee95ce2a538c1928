from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import STAFF_ROLES, Role, User
from alongside.core.forms import AccessibleBoundField, ModelForm, StorableInput


class AcceptInvitationForm(StorableInput, SetPasswordForm):
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
        self.user.username = self.cleaned_data["username"]
        self.user.is_active = True
        return super().save(commit)


class StaffForm(ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "pronouns",
            "email",
            "role",
            "supervisor",
            "is_privacy_officer",
        ]
        help_texts = {"email": _("The invitation to set a password goes here.")}

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["email"].required = True
        self.fields["role"].choices = [(r.value, r.label) for r in STAFF_ROLES]
        self.fields["supervisor"].queryset = User.objects.filter(
            practice=practice, role=Role.SUPERVISOR, is_active=True
        )
        self.fields["supervisor"].help_text = _("For therapists: who reviews their work.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supervisor") and cleaned.get("role") != Role.THERAPIST:
            self.add_error("supervisor", _("Only therapists have a supervisor."))
        if cleaned.get("is_privacy_officer") and not cleaned.get("email"):
            self.add_error(
                "email", _("A privacy officer needs an email address to be told of emergencies.")
            )
        return cleaned


class StaffStatusForm(forms.Form):
    bound_field_class = AccessibleBoundField
    is_active = forms.BooleanField(label=_("Account can sign in"), required=False)
