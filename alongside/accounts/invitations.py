"""Invitation links: Django's password-reset tokens, which stop working once used.

A token is bound to the account's password hash, so setting a password spends it, and it
expires after PASSWORD_RESET_TIMEOUT.
"""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def invitation_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:accept_invitation", args=[uid, token])


def send_invitation(request, user, *, to_email: str, greeting_name: str) -> None:
    link = request.build_absolute_uri(invitation_path(user))
    body = render_to_string(
        "accounts/invitation_email.txt", {"link": link, "name": greeting_name}, request=request
    )
    send_mail(_("Your invitation to Alongside"), body, None, [to_email])
