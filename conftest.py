"""The cast every test can use: one practice, each role, and the relationships between them.

- river: the client's therapist, supervised by sam
- colleague: another therapist in the practice (not sam's supervisee)
- sam: river's supervisor; other_supervisor supervises nobody here
- admin: practice admin; superuser: a Django superuser with the admin role
- client (Ash, River's client, with a portal account) and other_client (the colleague's)
- outsider_*: people in another practice
"""

from dataclasses import dataclass

import pytest
from django.test import Client as DjangoClient
from django.utils import timezone, translation

from alongside.accounts import mfa
from alongside.accounts.models import Practice, Role, User
from alongside.clients.models import Client

PASSWORD = "a-long-test-password"  # noqa: S105


@pytest.fixture(autouse=True)
def _each_test_starts_in_english_and_utc():
    """A request leaves its language and time zone active in the thread (the middleware
    activates them and doesn't put the earlier ones back), so without this a test after one
    that asked for a page in Spanish would read Spanish where it expects English."""
    yield
    translation.deactivate()
    timezone.deactivate()


@dataclass
class Cast:
    practice: Practice
    river: User
    colleague: User
    sam: User
    other_supervisor: User
    admin: User
    superuser: User
    client_user: User
    other_client_user: User
    client: Client
    other_client: Client
    outsider_therapist: User

    def others_than(self, *allowed: str) -> dict[str, User]:
        """Every signed-in user except the named ones, by name."""
        everyone = {
            "river": self.river,
            "colleague": self.colleague,
            "sam": self.sam,
            "other_supervisor": self.other_supervisor,
            "admin": self.admin,
            "superuser": self.superuser,
            "client_user": self.client_user,
            "other_client_user": self.other_client_user,
            "outsider_therapist": self.outsider_therapist,
        }
        return {name: user for name, user in everyone.items() if name not in allowed}


def make_user(practice, username, role, **extra) -> User:
    user = User(
        username=username, role=role, practice=practice, first_name=username.title(), **extra
    )
    user.set_password(PASSWORD)
    user.save()
    return user


class SignedInClient(DjangoClient):
    """The test client, with force_login also passing the second-factor step, since most
    tests are about what a signed-in person sees. The sign-in tests use the real steps."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[mfa.SESSION_KEY] = True
        session.save()


@pytest.fixture
def client() -> SignedInClient:
    return SignedInClient()


@pytest.fixture
def cast(db) -> Cast:
    practice = Practice.objects.create(name="Test practice")
    elsewhere = Practice.objects.create(name="Another practice")
    sam = make_user(practice, "sam", Role.SUPERVISOR)
    river = make_user(practice, "river", Role.THERAPIST, supervisor=sam)
    colleague = make_user(practice, "colleague", Role.THERAPIST)
    client_user = make_user(practice, "ash", Role.CLIENT)
    other_client_user = make_user(practice, "noor", Role.CLIENT)
    return Cast(
        practice=practice,
        river=river,
        colleague=colleague,
        sam=sam,
        other_supervisor=make_user(practice, "other_supervisor", Role.SUPERVISOR),
        admin=make_user(practice, "admin", Role.ADMIN),
        superuser=make_user(practice, "root", Role.ADMIN, is_superuser=True, is_staff=True),
        client_user=client_user,
        other_client_user=other_client_user,
        client=Client.objects.create(
            practice=practice,
            therapist=river,
            user=client_user,
            chosen_name="Ash Canary",
            pronouns="he/him",
            email="ash@example.invalid",
            self_description="CANARY-SELF-DESCRIPTION",
        ),
        other_client=Client.objects.create(
            practice=practice,
            therapist=colleague,
            user=other_client_user,
            chosen_name="Noor Canary",
            pronouns="she/they",
        ),
        outsider_therapist=make_user(elsewhere, "outsider", Role.THERAPIST),
    )
