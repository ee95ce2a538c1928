"""A token is one more way of being signed in: whatever signs a person out of their other
sessions (a new password, a reset, a changed second step) revokes their API tokens, so a
token made by whoever got in with a stolen password doesn't outlive the password."""

import re

from django.core.cache import cache
from django.test import Client as Browser
from django.urls import reverse

from alongside.api.models import ApiToken
from alongside.audit.models import AuditEvent
from conftest import PASSWORD, SignedInClient

V1 = "/api/v1"
NEW = "a-brand-new-long-password"  # noqa: S105


def _works(call, plaintext) -> bool:
    return call(plaintext, "GET", f"{V1}/clients/").status_code == 200


def test_a_password_reset_revokes_every_token_of_the_account(cast, token_for, call, mailoutbox):
    cache.clear()
    cast.river.email = "river@example.invalid"
    cast.river.save()
    plaintext = token_for(cast.river)
    someone_elses = token_for(cast.colleague)
    browser = Browser()
    browser.post(reverse("accounts:forgot_password"), {"username": "river"})
    link = re.search(r"http://testserver(/new-password/\S+)", mailoutbox[-1].body).group(1)
    page = browser.get(link, follow=True)
    browser.post(page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert not _works(call, plaintext)
    assert _works(call, someone_elses)
    token = ApiToken.objects.get(user=cast.river)
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        object_type="api_token", object_id=str(token.pk), action="delete"
    ).exists()


def test_changing_the_password_revokes_tokens_and_keeps_this_session(cast, token_for, call):
    plaintext = token_for(cast.river)
    browser = SignedInClient()
    browser.force_login(cast.river)
    response = browser.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert not _works(call, plaintext)
    assert browser.get(reverse("accounts:security")).status_code == 200


def test_new_recovery_codes_revoke_tokens(cast, token_for, call):
    plaintext = token_for(cast.river)
    browser = SignedInClient()
    browser.force_login(cast.river)
    assert browser.post(reverse("accounts:new_recovery_codes")).status_code == 200
    assert not _works(call, plaintext)


def test_a_token_made_after_the_change_works(cast, token_for, call):
    cast.river.renew_security_stamp()
    assert _works(call, token_for(cast.river))


def test_signing_out_everywhere_else_revokes_tokens_and_other_sessions_but_not_this_one(
    cast, token_for, call
):
    plaintext = token_for(cast.river)
    here, elsewhere = SignedInClient(), SignedInClient()
    here.force_login(cast.river)
    elsewhere.force_login(cast.river)
    done = here.post(reverse("accounts:sign_out_elsewhere"), follow=True)
    assert "You are signed out everywhere else." in done.content.decode()
    assert not _works(call, plaintext)
    assert here.get(reverse("accounts:security")).status_code == 200
    assert elsewhere.get(reverse("accounts:security")).status_code == 302
    assert AuditEvent.objects.filter(object_type="signed_out_elsewhere").count() == 1
