"""Issue 11, item 14: no account skips the role or the second factor. createsuperuser is
refused and points at create_admin, which makes a proper practice admin."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Practice, Role, User
from conftest import PASSWORD


def test_createsuperuser_is_refused_and_names_the_admin_command(db):
    with pytest.raises(CommandError, match="create_admin"):
        call_command(
            "createsuperuser", "--noinput", "--username", "root", "--email", "r@example.invalid"
        )
    assert not User.objects.exists()


def test_create_admin_makes_a_staff_admin_who_must_set_up_a_second_factor(db):
    from io import StringIO

    Practice.objects.create(name="Only practice")
    call_command(
        "create_admin",
        "--email",
        "alex@example.invalid",
        "--first-name",
        "Alex",
        "--site",
        "https://records.example.org",
        stdout=StringIO(),
    )
    admin = User.objects.get(email="alex@example.invalid")
    assert admin.role == Role.ADMIN and not admin.is_superuser and not admin.is_staff
    assert not admin.has_usable_password()
    link = re.search(r"https://records\.example\.org(/welcome/\S+)", mail.outbox[0].body)
    browser = Client()
    page = browser.get(link.group(1), follow=True)
    browser.post(
        page.redirect_chain[-1][0],
        {"username": "alex", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    # Signed in with the password only: staff pages wait for the second factor.
    response = browser.get(reverse("accounts:staff"))
    assert response.status_code == 302 and reverse("accounts:mfa_setup") in response.url


def test_create_admin_refuses_a_bad_address(db):
    Practice.objects.create(name="Only practice")
    with pytest.raises(CommandError, match="one email address"):
        call_command("create_admin", "--email", "a@x.org, b@x.org", "--first-name", "A")


@pytest.fixture
def roleless(cast):
    """What `createsuperuser` used to make: no role, superuser flags."""
    user = User(username="root2", is_superuser=True, is_staff=True, practice=cast.practice)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_an_account_without_a_role_needs_the_second_factor(roleless):
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": "root2", "password": PASSWORD})
    response = browser.get(reverse("accounts:home"))
    assert response.status_code == 302 and reverse("accounts:mfa_setup") in response.url


def test_an_account_without_a_role_gets_a_clear_page_not_a_500(client, roleless):
    client.force_login(roleless)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 403
    assert "This account has no role" in response.content.decode()
