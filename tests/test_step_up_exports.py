"""Every export asks the person to confirm who they are when they last did so more than
STEP_UP_MINUTES ago (security requirement 14), clients downloading their own copy included.

Asking happens after the record is fetched through its scope, so someone without a
relationship to the record still gets its 404, never the confirm page. A new download URL
fails here until it is registered below, so none is missed.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.letters.tests import objects as letters_objects
from alongside.measures.tests.conftest import answered, phq
from conftest import PASSWORD

# URL name: (the cast member who may download it, whether it takes the client's id)
EXPORTS = {
    "context:take_home": ("river", True),
    "context:my_take_home": ("client_user", False),
    "measures:export_fhir": ("river", True),
    "measures:export_csv": ("river", True),
    "measures:my_export_fhir": ("client_user", False),
    "measures:my_export_csv": ("client_user", False),
    "rights:my_record_pdf": ("client_user", False),
    "rights:my_record_zip": ("client_user", False),
    "rights:client_record_zip": ("river", True),
    "letters:pdf": ("river", True),
    "letters:my_pdf": ("client_user", True),
    "resources:export": ("admin", False),
    "equity:export_csv": ("admin", False),
    "plans:take_home": ("river", True),
    "plans:when_hard": ("river", True),
    "plans:my_take_home": ("client_user", False),
    "plans:my_when_hard": ("client_user", False),
    "plans:export_fhir": ("river", True),
    "plans:my_export_fhir": ("client_user", False),
}
# Others who may download it too (a superuser holds the admin role).
ALSO_ALLOWED = {
    "resources:export": ("superuser",),
    # Every staff member downloads their own view of the report (suppressed, no names).
    "equity:export_csv": (
        "superuser",
        "river",
        "colleague",
        "sam",
        "other_supervisor",
        "outsider_therapist",
    ),
}
# Downloads of one object other than the client record: the URL's arguments, from the cast.
OBJECT_KWARGS = {
    "letters:pdf": lambda cast: {
        "client_id": cast.client.pk,
        "letter_id": letters_objects.finalised(cast).pk,
    },
    "letters:my_pdf": lambda cast: {"letter_id": letters_objects.finalised(cast).pk},
}
# Routes that look like downloads but hold no one's record.
NOT_DOWNLOADS = {"v1:openapi-json"}  # the REST API's schema (API tokens are made after step-up)
# What marks a URL as a download, in its route or name.
DOWNLOAD_WORDS = (".pdf", ".csv", ".json", "export", "download", "take-home", "take_home")


def _routes(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def _url(name, cast):
    if name in OBJECT_KWARGS:
        return reverse(name, kwargs=OBJECT_KWARGS[name](cast))
    takes_id = EXPORTS[name][1]
    return reverse(name, args=[cast.client.pk] if takes_id else [])


def _sign_in(browser, user, *, minutes_since_confirmed):
    browser.force_login(user)
    session = browser.session
    session[REAUTH_AT] = time.time() - minutes_since_confirmed * 60
    session.save()


def _exports_written():
    return AuditEvent.objects.filter(action=Action.EXPORT, outcome=Outcome.ALLOWED).count()


@pytest.fixture
def answers(cast):
    answered(cast.client, "phq-9", phq(2, 2, 3, 2, 2, 2, 2, 1, 0))
    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))


def _needs_pdf(name):
    """WeasyPrint is a hard dependency: a missing one must fail, not skip, the PDF tests."""
    if name.endswith(("take_home", "pdf")):
        import weasyprint  # noqa: F401


def test_every_download_url_is_registered_here():
    downloads = {
        name
        for name, route in _routes(get_resolver())
        if any(word in route or word in name for word in DOWNLOAD_WORDS)
    }
    assert downloads - set(EXPORTS) - NOT_DOWNLOADS == set(), (
        "Register these downloads in EXPORTS and step up"
    )


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_stale_sign_in_is_asked_to_confirm_and_gets_no_file(client, cast, answers, name):
    url = _url(name, cast)
    _sign_in(client, getattr(cast, EXPORTS[name][0]), minutes_since_confirmed=6)
    response = client.get(url)
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("accounts:confirm_identity")
    assert parse_qs(target.query)["next"] == [url]
    assert not response.has_header("Content-Disposition")
    assert _exports_written() == 0


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_after_confirming_identity_the_file_comes(client, cast, answers, name):
    _needs_pdf(name)
    url = _url(name, cast)
    _sign_in(client, getattr(cast, EXPORTS[name][0]), minutes_since_confirmed=6)
    confirm = client.get(url).url
    wrong = client.post(confirm, {"password": "not the password"})
    assert wrong.status_code == 200 and _exports_written() == 0
    back = client.post(confirm, {"password": PASSWORD})
    assert back.status_code == 302 and back.url == url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert _exports_written() == 1


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_within_5_minutes_of_confirming_nobody_is_asked_again(client, cast, answers, name):
    _needs_pdf(name)
    _sign_in(client, getattr(cast, EXPORTS[name][0]), minutes_since_confirmed=4)
    response = client.get(_url(name, cast))
    assert response.status_code == 200 and response.has_header("Content-Disposition")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_everyone_else_still_gets_404_not_the_confirm_page(client, cast, answers, name):
    allowed, takes_id = EXPORTS[name]
    url = _url(name, cast)
    # The other client downloads their own (empty) copy from the portal URLs, not Ash's.
    others = cast.others_than(
        allowed, *ALSO_ALLOWED.get(name, ()), *([] if takes_id else ["other_client_user"])
    )
    for who, user in others.items():
        _sign_in(client, user, minutes_since_confirmed=60)
        response = client.get(url)
        assert response.status_code == 404, f"{who} GET {url}"
    assert _exports_written() == 0


def test_a_client_confirms_with_their_password_alone_when_they_have_no_second_factor(
    client, cast, answers
):
    _sign_in(client, cast.client_user, minutes_since_confirmed=6)
    page = client.get(client.get(reverse("measures:my_export_csv")).url).content.decode()
    assert 'name="password"' in page and 'name="code"' not in page
