"""API tokens under Sign-in security: made after step-up, shown once, revocable."""

import time

from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.api.models import ApiToken
from alongside.audit.models import Action, AuditEvent


def _sign_in(client, user, *, confirmed=True):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time() if confirmed else 0
    session.save()


def test_sign_in_security_links_staff_to_their_tokens(client, cast):
    _sign_in(client, cast.river)
    assert reverse("api:tokens") in client.get(reverse("accounts:security")).content.decode()
    _sign_in(client, cast.client_user)
    assert reverse("api:tokens") not in client.get(reverse("accounts:security")).content.decode()
    assert client.get(reverse("api:tokens")).status_code == 404


def test_making_a_token_asks_to_confirm_identity_first(client, cast):
    _sign_in(client, cast.river, confirmed=False)
    response = client.post(reverse("api:tokens"), {"name": "x", "scopes": "read", "days": "30"})
    assert response.status_code == 302 and "confirm" in response.url
    assert not ApiToken.objects.exists()


def test_a_new_token_is_shown_once_and_then_only_its_prefix(client, cast):
    _sign_in(client, cast.river)
    page = client.post(
        reverse("api:tokens"), {"name": "report", "scopes": "read write", "days": "7"}
    ).content.decode()
    token = ApiToken.objects.get()
    shown = page.split('<code class="token">')[1].split("</code>")[0]
    assert shown.startswith(token.prefix) and len(shown) > 30
    assert (token.scopes, token.user) == ("read write", cast.river)
    again = client.get(reverse("api:tokens")).content.decode()
    assert shown not in again and token.prefix in again
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="api_token").exists()


def test_a_bad_form_makes_no_token(client, cast):
    _sign_in(client, cast.river)
    page = client.post(reverse("api:tokens"), {"name": "", "scopes": "root", "days": "9999"})
    assert page.status_code == 200 and not ApiToken.objects.exists()


def test_revoking_a_token(client, cast, token_for):
    token_for(cast.river)
    token = ApiToken.objects.get()
    _sign_in(client, cast.river)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    _sign_in(client, cast.colleague)
    assert client.post(reverse("api:revoke", args=[token.pk])).status_code == 404
