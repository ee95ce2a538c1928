import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

import alongside.settings as base_settings
from alongside.accounts.models import Role, User


def test_argon2_hashes_passwords_first():
    assert base_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "password, message",
    [
        ("short-pass", "at least 12 characters"),
        ("password123456", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, message):
    with pytest.raises(ValidationError, match=message):
        validate_password(password)


def test_a_long_passphrase_is_accepted():
    validate_password("river stones and quiet tea")


@override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS)
def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, db):
    from django.contrib.auth.hashers import make_password

    user = User.objects.create(
        username="old",
        role=Role.THERAPIST,
        password=make_password("a-long-old-password", hasher="pbkdf2_sha256"),
    )
    client.post(reverse("accounts:login"), {"username": "old", "password": "a-long-old-password"})
    user.refresh_from_db()
    assert user.password.startswith("argon2")
