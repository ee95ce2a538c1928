"""A letter from draft to download: the client picks the facts, approves or asks for
changes; the therapist finalises only with consent in force; withdrawal stops it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEvent
from alongside.context.models import Experience, LifeDomain, Visibility
from alongside.letters import records
from alongside.letters.models import ConsentStatus, Letter, Stage
from alongside.letters.tests.objects import approved, draft, finalised, sent, template
from alongside.letters.text import letter_text


def _start(client, cast):
    client.force_login(cast.river)
    response = client.post(
        reverse("letters:start", args=[cast.client.pk]),
        {
            "template": template(cast).pk,
            "recipient": "Riverside Council Repairs",
            "purpose": "repairs to the damp bedroom",
            "consent_until": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    return Letter.objects.get(client=cast.client)


@pytest.fixture
def experience(cast):
    return Experience.objects.create(
        client=cast.client,
        title="Damp flat",
        domain=LifeDomain.objects.get(code="housing"),
        what_happened="Black mould in the bedroom since last winter.",
        visibility=Visibility.PRIVATE,
    )


def test_the_therapist_drafts_from_a_template_and_edits_the_words(client, cast):
    letter = _start(client, cast)
    assert letter.stage == Stage.DRAFT and "{facts}" in letter.body
    url = reverse("letters:edit", args=[cast.client.pk, letter.pk])
    page = client.get(url).content.decode()
    assert 'data-language-check="on"' in page
    bad = client.post(
        url,
        {
            "recipient": "x",
            "purpose": "y",
            "consent_until": letter.consent_until,
            "body": "Hi {diagnosis}",
            "version": letter.version,
        },
    )
    assert "Unknown placeholders: {diagnosis}" in bad.content.decode()
    client.post(
        url,
        {
            "recipient": "Council",
            "purpose": "repairs",
            "body": "To {recipient}:\n{facts}",
            "consent_until": letter.consent_until,
            "version": letter.version,
        },
    )
    letter.refresh_from_db()
    assert letter.body == "To {recipient}:\n{facts}"


def test_a_draft_is_not_in_the_portal_until_it_is_sent(client, cast):
    letter = draft(cast)
    client.force_login(cast.client_user)
    assert client.get(reverse("letters:my_letter", args=[letter.pk])).status_code == 404
    records.send_to_client(cast.river, letter)
    assert client.get(reverse("letters:my_letter", args=[letter.pk])).status_code == 200


def test_the_portal_tells_the_client_where_the_letter_stands_in_the_second_person(client, cast):
    letter = sent(cast)
    client.force_login(cast.client_user)
    for url in (reverse("letters:my_letter", args=[letter.pk]), reverse("letters:mine")):
        page = client.get(url).content.decode()
        assert "Waiting for you" in page and "Waiting for the client" not in page
    Letter.objects.filter(pk=letter.pk).update(stage=Stage.CHANGES_ASKED)
    page = client.get(reverse("letters:my_letter", args=[letter.pk])).content.decode()
    assert "You asked for changes" in page and "The client asked" not in page
    client.force_login(cast.river)
    page = client.get(reverse("letters:detail", args=[cast.client.pk, letter.pk])).content.decode()
    assert "The client asked for changes" in page


def test_nothing_goes_in_unless_the_client_picks_it(client, cast, experience):
    letter = sent(cast)
    client.force_login(cast.client_user)
    page = client.get(reverse("letters:my_letter", args=[letter.pk])).content.decode()
    assert "Black mould in the bedroom" in page  # offered
    offered = re.findall(r'<input type="checkbox" name="facts"[^>]*>', page)
    assert len(offered) == 2  # the self-description and the experience, offered...
    assert not any("checked" in box for box in offered)  # ...and none picked for them
    assert letter.facts.count() == 0
    client.post(
        reverse("letters:my_facts", args=[letter.pk]), {"facts": [f"experience:{experience.pk}"]}
    )
    assert [f.text for f in letter.facts.all()] == ["Black mould in the bedroom since last winter."]
    client.post(reverse("letters:my_facts", args=[letter.pk]), {})
    assert letter.facts.count() == 0


def test_the_place_for_the_facts_says_what_goes_there_until_something_is_chosen(
    client, cast, experience
):
    letter = sent(cast)
    assert "{facts}" in letter.body
    client.force_login(cast.client_user)
    page = client.get(reverse("letters:my_letter", args=[letter.pk])).content.decode()
    assert "[Nothing chosen yet: what you tick below goes here.]" in page
    client.post(
        reverse("letters:my_facts", args=[letter.pk]), {"facts": [f"experience:{experience.pk}"]}
    )
    page = client.get(reverse("letters:my_letter", args=[letter.pk])).content.decode()
    assert "Nothing chosen yet" not in page and "• Black mould in the bedroom" in page
    client.post(reverse("letters:my_facts", args=[letter.pk]), {})
    client.force_login(cast.river)
    page = client.get(reverse("letters:detail", args=[cast.client.pk, letter.pk])).content.decode()
    assert "[Nothing chosen yet: what the client ticks goes here.]" in page
    assert "Nothing chosen yet" not in letter_text(letter)  # never in the PDF or the agreement


def test_a_fact_the_client_cant_see_cannot_be_picked(client, cast):
    letter = sent(cast)
    client.force_login(cast.client_user)
    page = client.post(
        reverse("letters:my_facts", args=[letter.pk]), {"facts": ["experience:999999"]}
    )
    assert page.status_code == 200 and letter.facts.count() == 0


def test_the_client_approves_on_the_portal_and_the_consent_is_recorded(client, cast, experience):
    letter = sent(cast)
    client.force_login(cast.client_user)
    client.post(
        reverse("letters:my_facts", args=[letter.pk]), {"facts": [f"experience:{experience.pk}"]}
    )
    refused = client.post(reverse("letters:my_approve", args=[letter.pk]), {})
    assert refused.status_code == 200
    client.post(reverse("letters:my_approve", args=[letter.pk]), {"agree": "on"})
    letter.refresh_from_db()
    consent = letter.consent
    assert letter.stage == Stage.APPROVED
    assert consent.recipient == letter.recipient and consent.until == letter.consent_until
    assert consent.facts == [f"experience:{experience.pk}"] and consent.given_by == cast.client_user


def test_asking_for_changes_keeps_their_words_beside_the_letter(client, cast):
    letter = sent(cast)
    client.force_login(cast.client_user)
    client.post(
        reverse("letters:my_changes", args=[letter.pk]), {"text": "Please don't mention my mum."}
    )
    letter.refresh_from_db()
    assert letter.stage == Stage.CHANGES_ASKED
    client.force_login(cast.river)
    page = client.get(reverse("letters:detail", args=[cast.client.pk, letter.pk])).content.decode()
    assert "Please don&#x27;t mention my mum." in page and "The words they were reading" in page


def test_only_an_approved_letter_can_be_finalised(client, cast):
    letter = sent(cast)
    client.force_login(cast.river)
    client.post(reverse("letters:finalise", args=[cast.client.pk, letter.pk]))
    letter.refresh_from_db()
    assert letter.stage == Stage.WITH_CLIENT


def test_finalising_locks_the_letter_and_a_change_is_a_new_version(client, cast):
    letter = approved(cast)
    client.force_login(cast.river)
    client.post(reverse("letters:finalise", args=[cast.client.pk, letter.pk]))
    letter.refresh_from_db()
    assert letter.stage == Stage.FINALISED and "Riverside Council Repairs" in letter.final_text
    edit = reverse("letters:edit", args=[cast.client.pk, letter.pk])
    client.post(
        edit,
        {
            "recipient": "x",
            "purpose": "y",
            "body": "changed",
            "version": letter.version,
            "consent_until": letter.consent_until,
        },
    )
    letter.refresh_from_db()
    assert letter.body != "changed"
    client.post(reverse("letters:new_version", args=[cast.client.pk, letter.pk]))
    fresh = Letter.objects.get(previous=letter)
    assert fresh.number == 2 and fresh.stage == Stage.DRAFT and fresh.consent is None


def test_an_edit_opened_before_the_letter_was_finalised_is_refused(cast):
    """The edit checks the lock where it claims the version, not on the letter as it was
    read: an edit racing the finalising can't reopen a finalised letter."""
    from alongside.letters.forms import LetterForm

    letter = approved(cast)
    opened = Letter.objects.get(pk=letter.pk)  # the edit page, read before the finalising
    records.finalise(cast.river, letter)
    form = LetterForm(
        {
            "recipient": "x",
            "purpose": "y",
            "body": "changed",
            "version": opened.version,
            "consent_until": opened.consent_until,
        },
        instance=opened,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(records.StaleEdit):
        records.save_draft(cast.river, opened, form)
    letter.refresh_from_db()
    assert letter.stage == Stage.FINALISED and letter.body != "changed"


def test_withdrawing_consent_blocks_finalising(client, cast):
    letter = approved(cast)
    client.force_login(cast.client_user)
    client.post(reverse("letters:my_withdraw", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.stage == Stage.WITHDRAWN
    assert letter.consents.get().status == ConsentStatus.WITHDRAWN
    client.force_login(cast.river)
    client.post(reverse("letters:finalise", args=[cast.client.pk, letter.pk]))
    letter.refresh_from_db()
    assert letter.stage == Stage.WITHDRAWN and not letter.final_text
    page = client.get(reverse("letters:detail", args=[cast.client.pk, letter.pk])).content.decode()
    assert "withdrew their consent" in page
    with pytest.raises(records.NotReady):
        records.finalise(cast.river, letter)


def test_an_edit_after_approval_needs_approval_again(client, cast):
    letter = approved(cast)
    client.force_login(cast.river)
    client.post(
        reverse("letters:edit", args=[cast.client.pk, letter.pk]),
        {
            "recipient": letter.recipient,
            "purpose": "more",
            "body": letter.body + "\nP.S.",
            "consent_until": letter.consent_until,
            "version": letter.version,
        },
    )
    letter.refresh_from_db()
    assert letter.stage == Stage.DRAFT and letter.consent is None
    assert letter.consents.get().status == ConsentStatus.SUPERSEDED
    assert "approve" in records.why_not_final(letter)


def test_expired_consent_blocks_finalising(cast):
    letter = approved(cast)
    letter.consents.update(until=timezone.localdate() - timedelta(days=1))
    assert "ran out" in records.why_not_final(letter)


def test_every_step_is_audited_as_a_letter_of_this_client(client, cast):
    letter = finalised(cast)
    events = AuditEvent.objects.filter(
        object_type="letter", object_id=str(letter.pk), client_id=cast.client.pk
    )
    # sent (therapist), approved (client), finalised (therapist); the draft was made directly
    assert list(events.values_list("actor_role", "action")) == [
        ("therapist", "update"),
        ("client", "update"),
        ("therapist", "sign"),
    ]


def test_a_supervisor_reads_but_cannot_finalise(client, cast):
    letter = approved(cast)
    client.force_login(cast.sam)
    assert (
        client.get(reverse("letters:detail", args=[cast.client.pk, letter.pk])).status_code == 200
    )
    assert (
        client.post(reverse("letters:finalise", args=[cast.client.pk, letter.pk])).status_code
        == 404
    )


def test_a_new_letterhead_or_a_new_day_does_not_undo_the_approval(cast):
    from alongside.letters.models import Letterhead

    letter = approved(cast)
    Letterhead.objects.create(practice=cast.practice, name="Renamed practice")
    assert records.why_not_final(letter) == ""
    records.finalise(cast.river, letter)
    letter.refresh_from_db()
    assert "Renamed practice" in letter.final_text
