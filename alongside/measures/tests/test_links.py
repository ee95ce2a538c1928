"""Single-use links: only their own check-in, once, before they expire, and not guessable."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.measures import checkins, link_email, links
from alongside.measures.links import LinkState, open_link
from alongside.measures.models import CheckInStatus, Response
from alongside.measures.tests.conftest import FEEDBACK_OK, make_check_in


def _send_all(client, url, answers=FEEDBACK_OK):
    return client.post(url, {"mode": "all", "action": "send", **answers})


def test_a_link_opens_its_check_in_without_signing_in(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    response = client.get(links.link_path(token))
    assert response.status_code == 200
    body = response.content.decode()
    assert "How was today&#x27;s session?" in body
    # Nothing else of the record, not even the name, and no menu into it.
    assert "Canary" not in body and "Ash" not in body
    assert reverse("portal:home") not in body
    assert reverse("measures:mine") not in body


def test_the_token_is_stored_only_as_a_hash(cast, check_in):
    token = links.issue_link(cast.river, check_in)
    check_in.refresh_from_db()
    assert token not in check_in.link_hash and len(check_in.link_hash) == 64


def test_sending_through_a_link_saves_the_answers_and_spends_the_link(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    url = links.link_path(token)
    response = _send_all(client, url)
    assert response.status_code == 200
    assert "Thank you. Your answers are sent" in response.content.decode()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.DONE and check_in.link_used_at is not None
    assert Response.objects.get(check_in=check_in).answers["safe"] == 9


def test_a_second_submit_of_the_same_link_is_refused_politely(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    url = links.link_path(token)
    _send_all(client, url)
    again = _send_all(client, url, {**FEEDBACK_OK, "safe": 0})
    assert again.status_code == 410
    assert "You have already sent this check-in" in again.content.decode()
    assert Response.objects.get(check_in=check_in).answers["safe"] == 9
    assert client.get(url).status_code == 410


def test_a_link_expires_after_a_week(client, cast, check_in):
    issued = timezone.now()
    token = links.issue_link(cast.river, check_in, now=issued)
    assert open_link(token, now=issued + timedelta(days=6, hours=23))[0] == LinkState.OK
    assert open_link(token, now=issued + timedelta(days=7, seconds=1))[0] == LinkState.EXPIRED
    # Through the page, with the clock moved back so the link is already old.
    check_in.link_expires_at = timezone.now() - timedelta(seconds=1)
    check_in.save()
    response = client.get(links.link_path(token))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert _send_all(client, links.link_path(token)).status_code == 410
    assert not Response.objects.exists()


def test_a_tampered_token_opens_nothing(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:20], "x" * 43, "x" * 300):
        response = client.get(f"/check-in/{bad}/")
        assert response.status_code == 404, bad
        assert "This link doesn't work" in response.content.decode()
        assert _send_all(client, f"/check-in/{bad}/").status_code == 404
    assert not Response.objects.exists()


def test_a_token_opens_only_its_own_check_in(client, cast, check_in):
    other = make_check_in(cast.other_client)
    token = links.issue_link(cast.river, check_in)
    other_token = links.issue_link(cast.colleague, other)
    _send_all(client, links.link_path(token))
    assert Response.objects.get().check_in == check_in
    other.refresh_from_db()
    assert other.status == CheckInStatus.OPEN
    # The step parameter can't be turned into another check-in's id either.
    response = client.get(links.link_path(other_token) + f"?q={check_in.pk}")
    assert response.status_code == 200 and "Noor" not in response.content.decode()


def test_a_new_link_replaces_the_old_one(client, cast, check_in):
    first = links.issue_link(cast.river, check_in)
    second = links.issue_link(cast.river, check_in)
    assert client.get(links.link_path(first)).status_code == 404
    assert client.get(links.link_path(second)).status_code == 200


def test_a_link_to_a_stopped_check_in_no_longer_works(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    checkins.stop(cast.river, check_in.assignment)
    assert client.get(links.link_path(token)).status_code == 410


def test_a_half_finished_answer_through_a_link_is_kept_as_a_draft(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    url = links.link_path(token)
    response = client.post(url, {"q": 1, "action": "next", "safe": "7"})
    assert response.status_code == 302 and response["Location"].endswith("?q=2")
    draft = Response.objects.get(check_in=check_in)
    assert draft.is_draft and draft.answers == {"safe": 7}
    # Opening the link again carries on from the draft.
    page = client.get(url + "?q=1").content.decode()
    assert re.search(r'value="7"[^>]*checked', page)
    check_in.refresh_from_db()
    assert check_in.link_used_at is None


def test_link_answers_are_audited_against_the_client(client, cast, check_in):
    token = links.issue_link(cast.river, check_in)
    _send_all(client, links.link_path(token))
    events = AuditEvent.objects.filter(client_id=cast.client.pk, object_type="measure_response")
    assert events.filter(action="create").exists()


def test_the_link_email_holds_no_clinical_words(cast, check_in):
    token = links.issue_link(cast.river, check_in)
    link_email.email_link(None, check_in, token)
    body = mail.outbox[0].body
    assert token in body and "PHQ" not in body and "session" not in body.lower()


def test_a_signed_in_person_who_is_not_its_client_cannot_use_a_check_in_link(
    client, cast, check_in
):
    """A link is a bearer link for someone signed out; a signed-in person is known, and only
    the check-in's own client may answer it (else it would be stored as the client's)."""
    token = links.issue_link(cast.river, check_in)
    url = links.link_path(token)
    for user in cast.others_than("client_user").values():
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert _send_all(client, url).status_code == 404, user
        assert "This link doesn" in client.get(url).content.decode()
    assert not Response.objects.filter(check_in=check_in).exists()
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.OPEN and check_in.link_used_at is None
    assert AuditEvent.objects.filter(
        object_type="check_in", object_id=str(check_in.pk), outcome="denied"
    ).exists()
    # The check-in's own client, signed in, and anyone signed out, may still answer.
    client.force_login(cast.client_user)
    assert client.get(url).status_code == 200
    client.logout()
    assert _send_all(client, url).status_code == 200
    assert Response.objects.get(check_in=check_in).submitted_at is not None
