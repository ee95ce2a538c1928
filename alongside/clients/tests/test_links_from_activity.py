"""What the client did shows on their record with a link to it; a stored link that is not a
path on this site is shown as text (a `javascript:` one would run when followed)."""

import pytest

from alongside.clients.activity import tell_therapist


@pytest.mark.django_db
def test_an_activity_link_is_made_only_from_a_path_on_this_site(client, cast):
    tell_therapist(cast.client, kind="note_flag", summary="SAFE-LINK", url="/notes/1/")
    tell_therapist(cast.client, kind="note_flag", summary="BAD-LINK", url="javascript:alert(1)")
    client.force_login(cast.river)
    page = client.get(cast.client.get_absolute_url()).content.decode()
    assert '<a href="/notes/1/">SAFE-LINK</a>' in page
    assert "BAD-LINK" in page and "javascript:" not in page
