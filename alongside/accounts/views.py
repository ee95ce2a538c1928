import time

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alongside.accounts import addresses, attempts, invitations, privileges, resets
from alongside.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    PracticeTimeZoneForm,
    ResetPasswordForm,
    StaffForm,
    StaffStatusForm,
    TimeZoneForm,
)
from alongside.accounts.models import STAFF_ROLES, Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, public, role_required, signed_in

_login = auth_views.LoginView.as_view(
    template_name="accounts/login.html", redirect_authenticated_user=True
)


@public
def login(request, *args, **kwargs):
    # django-axes pauses a name from an address; this pauses an address trying many names.
    if request.method == "POST" and attempts.address_paused(request):
        return render(request, "accounts/locked.html", status=429)
    return _login(request, *args, **kwargs)


logout = public(auth_views.LogoutView.as_view())


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        # Django keeps this session and ends every other one (the auth hash changes); a new
        # stamp also revokes the person's API tokens (accounts.signals.sign_in_changed): a
        # token is one more way of being signed in, and whoever made one with a stolen
        # password would otherwise keep it.
        self.request.user.renew_security_stamp()
        record(
            actor=self.request.user,
            action=Action.UPDATE,
            object_type="password",
            object_id=self.request.user.pk,
        )
        messages.success(self.request, _("Password changed. Other sessions were signed out."))
        return super().form_valid(form)


password_change = signed_in(PasswordChange.as_view())


@signed_in
@require_http_methods(["POST"])
def sign_out_elsewhere(request):
    """End every other session of this person and revoke their API tokens (a new stamp:
    accounts.signals.sign_in_changed), keeping this one: for someone who thinks another
    person has been in their account."""
    with transaction.atomic():
        request.user.renew_security_stamp()
        record(
            actor=request.user,
            action=Action.UPDATE,
            object_type="signed_out_elsewhere",
            object_id=request.user.pk,
        )
    update_session_auth_hash(request, request.user)
    messages.success(request, _("You are signed out everywhere else."))
    return redirect("accounts:security")


HOME_BY_ROLE = {
    Role.THERAPIST: "clients:caseload",
    Role.SUPERVISOR: "clients:supervision",
    Role.CLIENT: "portal:home",
    Role.ADMIN: "accounts:staff",
}


@signed_in
def home(request):
    target = HOME_BY_ROLE.get(request.user.role)
    if target is None:
        # An account made outside the app (say, by Django's createsuperuser before it was
        # refused) has no role, and so no home: say so, rather than fail.
        return render(request, "accounts/no_role.html", status=403)
    return redirect(target)


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    """Choosing a sign-in name and password from an invitation link (invitations.py says
    when a link works). Django's view moves the token from the address into the session."""

    form_class = AcceptInvitationForm
    template_name = "accounts/accept_invitation.html"
    token_generator = invitations.tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:home")
    reset_url_token = "welcome"  # noqa: S105 (a URL placeholder, not a password)

    def form_valid(self, form):
        token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        with transaction.atomic():
            invitation = invitations.find(self.user, token)
            if invitation is None or not invitations.spend(invitation):
                self.validlink = False
                return self.render_to_response(self.get_context_data(form=None))
            record(
                actor=self.user,
                action=Action.UPDATE,
                object_type="invitation_used",
                object_id=self.user.pk,
            )
            # The link reached this address and its holder used it: it is theirs.
            addresses.prove(self.user, invitation.sent_to)
            response = super().form_valid(form)
        messages.success(self.request, _("Welcome. Your account is ready."))
        return response


accept_invitation = public(AcceptInvitation.as_view())


@public
@require_http_methods(["GET", "POST"])
def forgot_password(request):
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        resets.request_reset(request, form.cleaned_data["username"])
        # The same answer, after the same time, whether or not the name exists.
        resets.answer_no_sooner_than(started)
        return render(request, "accounts/forgot_password_sent.html")
    return render(request, "accounts/forgot_password.html", {"form": form})


class ResetPassword(auth_views.PasswordResetConfirmView):
    """A new password from a reset link (resets.py says when a link works). Django's view
    moves the token from the address into the session before the page is shown."""

    form_class = ResetPasswordForm
    template_name = "accounts/reset_password.html"
    token_generator = resets.tokens
    post_reset_login = False  # sign in again: staff go through their second step
    success_url = reverse_lazy("accounts:login")
    reset_url_token = "new-password"  # noqa: S105 (a URL placeholder, not a password)

    def form_valid(self, form):
        token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
        with transaction.atomic():
            found = resets.find(self.user, token)
            if found is None or not resets.spend(found):
                self.validlink = False
                return self.render_to_response(self.get_context_data(form=None))
            addresses.prove(self.user, found.sent_to)
            # Ends every session and API token of the account: whoever else was in it (the
            # reason, often, for a reset) is out.
            self.user.renew_security_stamp()
            response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed. Sign in with it now."))
        return response


reset_password = public(ResetPassword.as_view())


def _practice_staff(admin):
    return User.objects.filter(practice=admin.practice, role__in=STAFF_ROLES)


@role_required(Role.ADMIN)
def staff(request):
    people = (
        _practice_staff(request.user)
        .select_related("supervisor", "proposed_supervisor")
        .order_by("role", "first_name", "last_name")
    )
    officers = [p for p in people if p.is_privacy_officer and p.is_active]
    return render(
        request, "accounts/staff.html", {"people": people, "no_privacy_officer": not officers}
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffForm(request.POST or None, practice=request.user.practice, editor=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save(commit=False)
            person.username = _free_username(person.email)
            person.practice = request.user.practice
            person.set_unusable_password()
            person.save()
            record(
                actor=request.user,
                action=Action.CREATE,
                object_type="staff_account",
                object_id=person.pk,
            )
            if person.is_privacy_officer:
                record(
                    actor=request.user,
                    action=Action.UPDATE,
                    object_type="privacy_officer",
                    object_id=person.pk,
                )
            if form.cleaned_data.get("supervisor"):
                privileges.propose_supervisor(
                    person, form.cleaned_data["supervisor"], by=request.user
                )
            privileges.role_changed(person, None, by=request.user)
            invitations.send_invitation(request, person, greeting_name=person.first_name)
        messages.success(
            request,
            _("Account created. An invitation was sent to %(email)s.") % {"email": person.email},
        )
        return redirect("accounts:staff")
    return render(request, "accounts/staff_form.html", {"form": form})


def _staff_member(request, user_id):
    person = _practice_staff(request.user).filter(pk=user_id).first()
    if person is None:
        raise Http404
    return person


@role_required(Role.ADMIN)
def staff_edit(request, user_id):
    person = _staff_member(request, user_id)
    allow_methods(request, "GET", "POST")
    old_role = person.role
    form = StaffForm(
        request.POST or None, instance=person, practice=request.user.practice, editor=request.user
    )
    status = StaffStatusForm(request.POST or None, initial={"is_active": person.is_active})
    if request.method == "POST" and form.is_valid() and status.is_valid():
        if person == request.user and not status.cleaned_data["is_active"]:
            status.add_error("is_active", _("You can't turn off your own account."))
        else:
            with transaction.atomic():
                person = form.save(commit=False)
                person.is_active = status.cleaned_data["is_active"]
                person._changed_by = request.user
                person.save()
                if person.role != old_role:
                    privileges.role_changed(person, old_role, by=request.user)
                elif "email" in form.changed_data:
                    privileges.address_changed(person, by=request.user)
                if person.role == Role.THERAPIST:
                    privileges.propose_supervisor(
                        person, form.cleaned_data.get("supervisor"), by=request.user
                    )
            messages.success(request, _("Saved."))
            return redirect("accounts:staff")
    return render(
        request,
        "accounts/staff_form.html",
        {
            "form": form,
            "status": status,
            "person": person,
            "invitation": invitations.outstanding(person),
            "may_invite": person.is_active and not person.has_usable_password(),
        },
    )


@role_required(Role.ADMIN)
def staff_invite(request, user_id):
    """Send a staff member a new invitation (the old link stops working), or withdraw it."""
    person = _staff_member(request, user_id)
    allow_methods(request, "POST")
    if request.POST.get("withdraw"):
        if invitations.withdraw(person, by=request.user):
            messages.success(request, _("Invitation withdrawn. The link no longer works."))
        return redirect("accounts:staff_edit", user_id=person.pk)
    if not person.is_active or person.has_usable_password():
        messages.info(request, _("This account is turned off or already set up."))
        return redirect("accounts:staff_edit", user_id=person.pk)
    try:
        invitations.send_invitation(request, person, greeting_name=person.first_name)
    except invitations.InvalidAddress as error:
        messages.error(request, str(error))
        return redirect("accounts:staff_edit", user_id=person.pk)
    record(
        actor=request.user, action=Action.INVITE, object_type="staff_account", object_id=person.pk
    )
    messages.success(
        request,
        _("A new invitation was sent to %(email)s. Earlier links no longer work.")
        % {"email": person.email},
    )
    return redirect("accounts:staff_edit", user_id=person.pk)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def supervisor_confirm(request):
    """The therapist's own page: confirm (or decline) the supervisor the admin named."""
    proposed = request.user.proposed_supervisor
    if request.method == "POST" and proposed is not None:
        confirmed = privileges.answer_proposal(
            request.user, confirm=request.POST.get("answer") == "confirm"
        )
        if confirmed:
            messages.success(
                request,
                _("%(name)s is now your supervisor and can read your clients' records.")
                % {"name": confirmed.display_name},
            )
        else:
            messages.info(request, _("Declined. Nothing was shared."))
        return redirect("clients:caseload")
    return render(
        request,
        "accounts/supervisor_confirm.html",
        {"proposed": proposed, "current": request.user.supervisor},
    )


def _free_username(email: str) -> str:
    base = email.split("@")[0][:140] or "staff"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


@signed_in
def time_zone(request):
    """Each person's time zone; the practice admin also sets the practice's."""
    allow_methods(request, "GET", "POST")
    is_admin = request.user.role == Role.ADMIN and request.user.practice_id is not None
    writing = request.method == "POST"
    practice_form = None
    if is_admin:
        practice_form = PracticeTimeZoneForm(
            request.POST if writing and "practice" in request.POST else None,
            instance=request.user.practice,
            prefix="practice",
        )
    form = TimeZoneForm(
        request.POST if writing and "practice" not in request.POST else None,
        instance=request.user,
    )
    target = practice_form if writing and "practice" in request.POST else form
    if writing and target is not None and target.is_valid():
        with transaction.atomic():
            saved = target.save()
            record(
                actor=request.user,
                action=Action.UPDATE,
                object_type="practice_time_zone" if target is practice_form else "time_zone",
                object_id=saved.pk,
            )
        messages.success(request, _("Time zone saved."))
        return redirect("accounts:time_zone")
    return render(
        request, "accounts/time_zone.html", {"form": form, "practice_form": practice_form}
    )
