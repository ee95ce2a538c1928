"""The erasure, close-account, discharge and retention pages."""

import time

from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.clients.models import Client
from alongside.rights.models import EndOfWork, Erasure, RetentionRule


def _sign_in(client, user, *, confirmed=True):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time() if confirmed else 0
    session.save()


def test_a_client_sees_what_would_go_and_what_must_stay_before_erasing(client, cast):
    from alongside.notes.tests import helpers as notes_objects

    notes_objects.cast_note(cast)
    _sign_in(client, cast.client_user)
    page = client.get(reverse("rights:my_erasure")).content.decode()
    assert "must be kept" in page and "20 years" in page
    unconfirmed = client.post(reverse("rights:my_erasure"), {})
    assert unconfirmed.status_code == 200 and not Erasure.objects.exists()
    done = client.post(reverse("rights:my_erasure"), {"confirm": "on"}).content.decode()
    erasure = Erasure.objects.get()
    assert erasure.outcome == "part" and erasure.by_client
    assert f"{erasure.keep_until:%Y}" in done
    assert Client.objects.filter(pk=cast.client.pk).exists()


def test_erasing_asks_to_confirm_identity(client, cast):
    _sign_in(client, cast.client_user, confirmed=False)
    response = client.post(reverse("rights:my_erasure"), {"confirm": "on"})
    assert response.status_code == 302 and not Erasure.objects.exists()


def test_a_client_closes_their_account_and_is_signed_out(client, cast):
    _sign_in(client, cast.client_user)
    page = client.post(reverse("rights:my_close_account"), {"confirm": "on"})
    assert page.status_code == 200
    cast.client_user.refresh_from_db()
    assert not cast.client_user.is_active
    assert client.get(reverse("portal:home")).status_code == 302  # signed out


def test_the_therapist_ends_the_work_and_the_date_is_checked(client, cast):
    _sign_in(client, cast.river)
    url = reverse("rights:end_work", args=[cast.client.pk])
    bad = client.post(url, {"ended_on": "2999-01-01", "birth_date": "soon"})
    assert bad.status_code == 200 and not EndOfWork.objects.exists()
    assert client.post(url, {"ended_on": "2025-01-31", "birth_date": ""}).status_code == 302
    assert str(EndOfWork.objects.get(client=cast.client).ended_on) == "2025-01-31"
    page = client.get(reverse("rights:client_rights", args=[cast.client.pk])).content.decode()
    assert "31 January 2025" in page


def test_the_therapist_erases_as_far_as_the_rule_allows(client, cast):
    _sign_in(client, cast.river)
    url = reverse("rights:erase", args=[cast.client.pk])
    response = client.post(url, {"erase-confirm": "on"})
    # Nothing recorded yet that the law says to keep: the whole record goes.
    assert response.status_code == 302 and response.url == reverse("clients:caseload")
    assert not Client.objects.filter(pk=cast.client.pk).exists()


def test_the_admin_sets_the_practices_retention_rule(client, cast):
    _sign_in(client, cast.admin)
    url = reverse("rights:retention_rule")
    assert "20" in client.get(url).content.decode()
    data = {
        "years_after_last_contact": "7",
        "age_of_majority": "18",
        "minor_keep_until_age": "0",
        "minor_years_after_majority": "3",
    }
    assert client.post(url, data).status_code == 302
    assert RetentionRule.objects.get(practice=cast.practice).years_after_last_contact == 7
    _sign_in(client, cast.river)
    assert client.get(url).status_code == 404


def test_the_therapist_downloads_the_practice_copy_without_private_reflections(client, cast):
    import io
    import zipfile

    from alongside.notes.tests import helpers as notes_objects

    notes_objects.cast_note(cast)  # with the canary private reflection
    _sign_in(client, cast.river)
    page = client.get(reverse("rights:client_rights", args=[cast.client.pk])).content.decode()
    url = reverse("rights:client_record_zip", args=[cast.client.pk])
    assert url in page
    archive = zipfile.ZipFile(io.BytesIO(client.get(url).content))
    everything = "".join(archive.read(n).decode() for n in archive.namelist())
    assert "Ash Canary" in everything
    assert notes_objects.CANARY_REFLECTION not in everything
