from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts.forms import AcceptInvitationForm, StaffForm, StaffStatusForm
from alongside.accounts.invitations import send_invitation
from alongside.accounts.models import STAFF_ROLES, Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, public, role_required, signed_in
from alongside.core.forms import AccessibleBoundField

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.bound_field_class = AccessibleBoundField
        return form

    def form_valid(self, form):
        # Django keeps this session and ends every other one (the auth hash changes).
        messages.success(self.request, _("Password changed. Other sessions were signed out."))
        return super().form_valid(form)


password_change = signed_in(PasswordChange.as_view())

HOME_BY_ROLE = {
    Role.THERAPIST: "clients:caseload",
    Role.SUPERVISOR: "clients:supervision",
    Role.CLIENT: "portal:home",
    Role.ADMIN: "accounts:staff",
}


@signed_in
def home(request):
    return redirect(HOME_BY_ROLE[request.user.role])


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    form_class = AcceptInvitationForm
    template_name = "accounts/accept_invitation.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:home")
    reset_url_token = "welcome"  # noqa: S105 (a URL placeholder, not a password)

    def form_valid(self, form):
        messages.success(self.request, _("Welcome. Your account is ready."))
        return super().form_valid(form)


accept_invitation = public(AcceptInvitation.as_view())


def _practice_staff(admin):
    return User.objects.filter(practice=admin.practice, role__in=STAFF_ROLES)


@role_required(Role.ADMIN)
def staff(request):
    people = (
        _practice_staff(request.user)
        .select_related("supervisor")
        .order_by("role", "first_name", "last_name")
    )
    officers = [p for p in people if p.is_privacy_officer and p.is_active]
    return render(
        request, "accounts/staff.html", {"people": people, "no_privacy_officer": not officers}
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffForm(request.POST or None, practice=request.user.practice)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save(commit=False)
            person.username = _free_username(person.email)
            person.practice = request.user.practice
            person.set_unusable_password()
            person.save()
            if person.is_privacy_officer:
                _audit_privacy_officer(request.user, person)
        send_invitation(request, person, to_email=person.email, greeting_name=person.first_name)
        messages.success(
            request,
            _("Account created. An invitation was sent to %(email)s.") % {"email": person.email},
        )
        return redirect("accounts:staff")
    return render(request, "accounts/staff_form.html", {"form": form})


@role_required(Role.ADMIN)
def staff_edit(request, user_id):
    person = _practice_staff(request.user).filter(pk=user_id).first()
    if person is None:
        raise Http404
    allow_methods(request, "GET", "POST")
    form = StaffForm(request.POST or None, instance=person, practice=request.user.practice)
    status = StaffStatusForm(request.POST or None, initial={"is_active": person.is_active})
    if request.method == "POST" and form.is_valid() and status.is_valid():
        if person == request.user and not status.cleaned_data["is_active"]:
            status.add_error("is_active", _("You can't turn off your own account."))
        else:
            with transaction.atomic():
                form.save()
                person.is_active = status.cleaned_data["is_active"]
                person.save(update_fields=["is_active"])
                if "is_privacy_officer" in form.changed_data:
                    _audit_privacy_officer(request.user, person)
            messages.success(request, _("Saved."))
            return redirect("accounts:staff")
    return render(
        request, "accounts/staff_form.html", {"form": form, "status": status, "person": person}
    )


def _audit_privacy_officer(admin, person):
    """Becoming (or ceasing to be) a privacy officer changes what a person may read (the
    reasons given for emergency access), so it is written to the audit trail."""
    record(actor=admin, action=Action.UPDATE, object_type="privacy_officer", object_id=person.pk)


def _free_username(email: str) -> str:
    base = email.split("@")[0][:140] or "staff"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name
