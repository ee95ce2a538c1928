from django.urls import path

from alongside.accounts import address_views, language_views, mfa_views, passkey_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
    path("language/", language_views.set_language, name="set_language"),
    path("welcome/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
    path("forgot-password/", views.forgot_password, name="forgot_password"),
    path("new-password/<uidb64>/<token>/", views.reset_password, name="reset_password"),
    path("second-factor/", mfa_views.verify, name="mfa_verify"),
    path("second-factor/set-up/", mfa_views.setup, name="mfa_setup"),
    path(
        "second-factor/passkey-options/",
        passkey_views.authentication_options,
        name="passkey_authentication_options",
    ),
    path("confirm-it-is-you/", mfa_views.confirm_identity, name="confirm_identity"),
    path("sign-in-security/", mfa_views.security, name="security"),
    path("sign-in-security/password/", views.password_change, name="password_change"),
    path(
        "sign-in-security/sign-out-elsewhere/",
        views.sign_out_elsewhere,
        name="sign_out_elsewhere",
    ),
    path(
        "sign-in-security/email/",
        address_views.send_confirmation,
        name="send_address_confirmation",
    ),
    path("confirm-email/<token>/", address_views.confirm_link, name="confirm_address_link"),
    path("confirm-email/", address_views.confirm, name="confirm_address"),
    path(
        "sign-in-security/recovery-codes/", mfa_views.new_recovery_codes, name="new_recovery_codes"
    ),
    path("sign-in-security/passkeys/new/", passkey_views.add, name="passkey_add"),
    path(
        "sign-in-security/passkeys/new/options/",
        passkey_views.registration_options,
        name="passkey_registration_options",
    ),
    path(
        "sign-in-security/passkeys/<int:passkey_id>/remove/",
        passkey_views.remove,
        name="passkey_remove",
    ),
    path("accounts/", views.staff, name="staff"),
    path("accounts/new/", views.staff_create, name="staff_create"),
    path("accounts/<int:user_id>/", views.staff_edit, name="staff_edit"),
    path("accounts/<int:user_id>/invitation/", views.staff_invite, name="staff_invite"),
    path("my-time-zone/", views.time_zone, name="time_zone"),
    path("my-supervisor/", views.supervisor_confirm, name="supervisor_confirm"),
]
