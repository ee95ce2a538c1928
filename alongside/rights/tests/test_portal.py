"""The portal's "everything we hold" page and its downloads."""

import io
import time
import zipfile

from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.audit.models import Action, AuditEvent


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def test_the_portal_links_to_everything_we_hold(client, cast):
    _fresh(client, cast.client_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("rights:my_rights") in home
    page = client.get(reverse("rights:my_rights")).content.decode()
    assert reverse("rights:my_record_pdf") in page and reverse("rights:my_record_zip") in page
    assert "private reflections" in page


def test_a_client_downloads_only_their_own_record(client, cast):
    _fresh(client, cast.client_user)
    response = client.get(reverse("rights:my_record_zip"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    everything = "".join(archive.read(n).decode() for n in archive.namelist())
    assert "CANARY-SELF-DESCRIPTION" in everything and "Noor" not in everything
    event = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert (event.actor_id, event.client_id) == (cast.client_user.pk, cast.client.pk)


def test_staff_get_404_for_the_portal_pages(client, cast):
    for user in (cast.river, cast.sam, cast.admin, cast.superuser):
        _fresh(client, user)
        for name in ("rights:my_rights", "rights:my_record_pdf", "rights:my_record_zip"):
            assert client.get(reverse(name)).status_code == 404
