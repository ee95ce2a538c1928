""" "New from client" is stored as written and read in the reader's language: a Spanish-speaking
client's action reaches an English-speaking therapist in English, and the other way round."""

from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from alongside.clients.activity import tell_therapist
from alongside.clients.models import ClientActivity

SPANISH = override_settings(LANGUAGES=[("en", "English"), ("es", "Español")])


def test_what_a_client_did_in_spanish_is_stored_as_written(cast):
    with translation.override("es"):
        tell_therapist(cast.client, kind="appointment", summary=gettext_lazy("asked for a time"))
    assert ClientActivity.objects.get().summary == "asked for a time"


def test_each_therapist_reads_it_in_their_own_language(client, cast):
    with translation.override("es"):
        tell_therapist(cast.client, kind="appointment", summary=gettext_lazy("asked for a time"))
    client.force_login(cast.river)
    url = reverse("clients:detail", args=[cast.client.pk])
    assert "asked for a time" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with SPANISH:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "pidió una hora" in page and "asked for a time" not in page


def test_lines_stored_capitalised_are_lowered_and_still_read_in_spanish(client, cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "alongside.clients.migrations.0015_fill_lowercase_note_news"
    )
    old = ClientActivity.objects.create(
        client=cast.client,
        kind="note_perspective",
        summary="Added their perspective to a session note",
    )
    migration.lower(apps, None)
    old.refresh_from_db()
    assert old.summary == "added their perspective to a session note"
    client.force_login(cast.river)
    url = reverse("clients:detail", args=[cast.client.pk])
    assert "added their perspective to a session note" in client.get(url).content.decode()
    with SPANISH:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "añadió su perspectiva a una nota de sesión" in page
    migration.capitalise(apps, None)
    old.refresh_from_db()
    assert old.summary == "Added their perspective to a session note"


def test_news_of_an_emergency_opening_stored_translated_gets_its_message_id(client, cast):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "alongside.clients.migrations.0016_emergency_news_translatable"
    )
    old = ClientActivity.objects.create(
        client=cast.client,
        kind="emergency_access",
        summary="Acceso de emergencia de Sam, con un motivo",
    )
    migration.to_message_id(apps, None)
    old.refresh_from_db()
    client.force_login(cast.river)
    page = client.get(reverse("clients:detail", args=[cast.client.pk])).content.decode()
    assert "someone opened this record by emergency access" in page
    assert "Acceso de emergencia de Sam" not in page
