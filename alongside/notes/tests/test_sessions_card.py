"""The sessions card on the client's record: what each row says and where its links go.

The tag works out each row's words and links once (notes.templatetags.notes.SessionRow);
these tests hold it to what the template used to work out for itself.
"""

import re

from django.urls import reverse

from alongside.notes.models import Attendance, Barrier
from alongside.notes.tests.helpers import draft_note, make_session, signed_note


def card(page: str) -> str:
    return page[page.index('id="sessions-h"') :]


def test_each_row_links_to_its_own_note_and_session(client, cast):
    signed = signed_note(cast, days_ago=30)
    draft = draft_note(cast, days_ago=20)
    bare = make_session(cast.client, days_ago=10)
    client.force_login(cast.river)

    page = card(client.get(cast.client.get_absolute_url()).content.decode())

    assert f'href="{reverse("notes:detail", args=[signed.pk])}"' in page
    assert f'href="{reverse("notes:detail", args=[draft.pk])}"' in page
    assert f'href="{reverse("notes:edit", args=[draft.pk])}"' in page
    assert reverse("notes:edit", args=[signed.pk]) not in page  # signed is locked
    assert f'action="{reverse("notes:session_note", args=[cast.client.pk, bare.pk])}"' in page
    for session in (draft.session, bare):
        edit = reverse("notes:session_edit", args=[cast.client.pk, session.pk])
        assert f'href="{edit}"' in page
    assert reverse("notes:session_edit", args=[cast.client.pk, signed.session.pk]) not in page


def test_each_row_says_when_how_how_long_and_what_got_in_the_way(client, cast):
    make_session(
        cast.client,
        days_ago=10,
        minutes=1,
        attendance=Attendance.DID_NOT_ATTEND,
        barrier=Barrier.TRANSPORT,
    )
    client.force_login(cast.river)

    page = card(client.get(cast.client.get_absolute_url()).content.decode())

    line = re.search(r'<p class="session-when">(.*?)</p>', page).group(1)
    assert line.endswith("· Video · 1 min · Did not attend (transport)")


def test_the_card_speaks_the_readers_language(client, cast):
    signed = signed_note(cast, days_ago=10)
    client.force_login(cast.river)

    page = client.get(cast.client.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    body = card(page.content.decode())

    assert "Videollamada" in body and "Vino" in body and "Firmada" in body
    assert f'<a href="{reverse("notes:detail", args=[signed.pk])}">Leer la nota' in body
