"""The formulation: writing with a version check, versions and diff, the client's voice,
and each role's view."""

import re

import pytest
from django.urls import reverse

from alongside.clients.models import ClientActivity
from alongside.context.models import Feedback, FormulationVersion, Visibility
from alongside.context.records import formulation_for, save_section, sections_of
from alongside.context.tests import objects

pytestmark = pytest.mark.django_db


def _section(cast, key):
    return sections_of(formulation_for(cast.client))[key]


def _write(client, cast, key, text, version, **extra):
    url = reverse("context:section_edit", args=[cast.client.pk, key])
    return client.post(url, {"text": text, "version": version, **extra})


def test_the_six_ptmf_questions_and_the_narrative_sections_are_shown_without_diagnosis(
    client, cast
):
    client.force_login(cast.river)
    body = client.get(reverse("context:formulation", args=[cast.client.pk])).content.decode()
    for question in [
        "What has happened to you?",
        "How did it affect you?",
        "What sense did you make of it?",
        "What did you have to do to survive?",
        "What are your strengths?",
        "What is your story?",
        "Times the problem did not win",
    ]:
        assert question in body
    assert "diagnos" not in body.lower().replace("holds no diagnosis", "")


def test_the_therapist_writes_a_section_and_links_experiences(client, cast):
    experience = objects.experience(cast)
    client.force_login(cast.river)
    response = _write(client, cast, "happened", "Evicted in 2021.", 0, experiences=[experience.pk])
    assert response.status_code == 302
    section = _section(cast, "happened")
    assert (section.text, section.version) == ("Evicted in 2021.", 1)
    assert list(section.experiences.all()) == [experience]
    assert FormulationVersion.objects.count() == 1
    body = client.get(reverse("context:formulation", args=[cast.client.pk])).content.decode()
    assert "Evicted in 2021." in body and f"#experience-{experience.pk}" in body


def test_two_people_editing_one_section_get_a_conflict_and_neither_text_is_lost(client, cast):
    client.force_login(cast.river)
    _write(client, cast, "sense", "THEIR-TEXT", 0)
    response = _write(client, cast, "sense", "MY-TEXT", 0)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this section while you were writing" in body
    assert "THEIR-TEXT" in body and "MY-TEXT" in body
    assert 'name="version" value="1"' in body  # a second save is a deliberate choice
    assert _section(cast, "sense").text == "THEIR-TEXT"
    assert _write(client, cast, "sense", "THEIR-TEXT and MY-TEXT", 1).status_code == 302
    assert _section(cast, "sense").text == "THEIR-TEXT and MY-TEXT"


def test_an_over_long_section_is_refused_next_to_the_field(client, cast):
    client.force_login(cast.river)
    body = _write(client, cast, "story", "y" * 5001, 0).content.decode()
    assert 'id="id_text_errors"' in body and "at most 5000 characters" in body
    assert _section(cast, "story").version == 0


def test_an_unknown_section_is_a_404(client, cast):
    client.force_login(cast.river)
    url = reverse("context:section_edit", args=[cast.client.pk, "diagnosis"])
    assert client.get(url).status_code == 404


def test_any_two_versions_compare_as_an_escaped_word_diff(client, cast):
    section = _section(cast, "affected")
    save_section(cast.river, section, "I froze at <b>letters</b>.", 0)
    save_section(cast.river, section, "I braced at <b>letters</b>.", 1)
    save_section(cast.river, _section(cast, "story"), "Unrelated.", 0)
    client.force_login(cast.river)
    url = reverse("context:versions", args=[cast.client.pk])
    body = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert re.search(r"<del>[^<]*<span[^>]*>[^<]*</span>froze<", body)
    assert re.search(r"<ins>[^<]*<span[^>]*>[^<]*</span>braced<", body)
    assert "&lt;b&gt;letters&lt;/b&gt;" in body and "<b>letters" not in body
    body = client.get(url, {"a": 3, "b": 1}).content.decode()  # either order
    assert "Changes from version 1 to version 3" in body
    assert re.search(r"</span>Unrelated\.<span", body)


def test_the_client_comments_proposes_and_says_it_doesnt_fit(client, cast):
    save_section(cast.river, _section(cast, "survive"), "Going quiet.", 0)
    client.force_login(cast.client_user)
    url = reverse("context:my_respond", args=["survive"])
    assert client.post(url, {"kind": "comment", "text": "COMMENT-WORDS"}).status_code == 302
    proposal = {"kind": "proposal", "text": "", "proposed_text": "Going quiet while I planned."}
    assert client.post(url, proposal).status_code == 302
    assert client.post(url, {"kind": "doesnt_fit", "text": "NOT-ME"}).status_code == 302
    assert Feedback.objects.count() == 3
    summaries = set(ClientActivity.objects.values_list("summary", flat=True))
    assert summaries == {
        "commented on the formulation",
        "proposed a change to the formulation",
        "said part of the formulation doesn't fit",
    }
    client.force_login(cast.river)
    assert "3 new from client" in client.get(reverse("clients:caseload")).content.decode()
    detail = client.get(reverse("clients:detail", args=[cast.client.pk])).content.decode()
    assert "proposed a change to the formulation" in detail


def test_a_proposal_without_new_words_is_refused_and_kept(client, cast):
    client.force_login(cast.client_user)
    url = reverse("context:my_respond", args=["story"])
    response = client.post(url, {"kind": "proposal", "text": "KEEP-ME", "proposed_text": ""})
    body = response.content.decode()
    assert 'id="id_proposed_text_errors"' in body and "KEEP-ME" in body
    assert not Feedback.objects.exists()


def test_the_therapist_accepts_a_proposal_and_the_clients_words_stay(client, cast):
    save_section(cast.river, _section(cast, "happened"), "Old words.", 0)
    item = objects.feedback(cast, proposed_text="The client's words.")
    client.force_login(cast.river)
    url = reverse("context:feedback_accept", args=[cast.client.pk, item.pk])
    response = client.post(url, {"version": 1, "reply": "Yes, better."})
    assert response.status_code == 302
    section = _section(cast, "happened")
    assert (section.text, section.version) == ("The client's words.", 2)
    item.refresh_from_db()
    assert (item.status, item.proposed_text, item.reply) == (
        "accepted",
        "The client's words.",
        "Yes, better.",
    )
    version = FormulationVersion.objects.order_by("-number").first()
    assert version.reason == FormulationVersion.Reason.ACCEPTED
    assert FormulationVersion.objects.get(number=1).texts["happened"] == "Old words."


def test_accepting_over_a_newer_edit_asks_first(client, cast):
    item = objects.feedback(cast)
    save_section(cast.river, _section(cast, "happened"), "Newer.", 0)
    client.force_login(cast.river)
    url = reverse("context:feedback_accept", args=[cast.client.pk, item.pk])
    body = client.post(url, {"version": 0}).content.decode()
    assert "The section changed since you opened this page" in body
    assert _section(cast, "happened").text == "Newer."


def test_an_answered_disagreement_shows_both_views_side_by_side(client, cast):
    save_section(cast.river, _section(cast, "happened"), "THERAPIST-VIEW", 0)
    item = objects.feedback(cast)
    client.force_login(cast.river)
    url = reverse("context:feedback_answer", args=[cast.client.pk, item.pk])
    assert client.post(url, {"reply": "ANSWER-WORDS"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.proposed_text) == ("answered", "CANARY-PROPOSAL")
    for who, page in [
        (cast.river, reverse("context:formulation", args=[cast.client.pk])),
        (cast.client_user, reverse("context:my_formulation")),
    ]:
        client.force_login(who)
        body = client.get(page).content.decode()
        side = body.split('class="side-by-side"', 1)[1].split("</section>", 1)[0]
        assert "THERAPIST-VIEW" in side and "CANARY-PROPOSAL" in side and "ANSWER-WORDS" in side


def test_the_client_sees_their_side_by_side_headed_in_their_words_not_the_therapists(client, cast):
    save_section(cast.river, _section(cast, "happened"), "THERAPIST-VIEW", 0)
    objects.feedback(cast)
    client.force_login(cast.client_user)
    side = client.get(reverse("context:my_formulation")).content.decode()
    side = side.split('class="side-by-side"', 1)[1].split("</section>", 1)[0]
    words = re.sub(r"<[^>]+>", " ", side)
    assert "<h4>In your story now</h4>" in side and "formulation" not in words.lower()
    client.force_login(cast.river)
    page = client.get(reverse("context:formulation", args=[cast.client.pk])).content.decode()
    assert "<h4>In the formulation</h4>" in page


def test_an_empty_answer_is_refused_next_to_the_field(client, cast):
    item = objects.feedback(cast)
    client.force_login(cast.river)
    url = reverse("context:feedback_answer", args=[cast.client.pk, item.pk])
    body = client.post(url, {"reply": ""}).content.decode()
    assert 'id="id_reply_errors"' in body
    item.refresh_from_db()
    assert item.status == "open"


def test_the_supervisor_reads_the_formulation_only_when_the_client_shared_it(client, cast):
    save_section(cast.river, _section(cast, "story"), "STORY-TEXT", 0)
    client.force_login(cast.sam)
    url = reverse("context:formulation", args=[cast.client.pk])
    body = client.get(url).content.decode()
    assert "STORY-TEXT" not in body and "has not chosen to share" in body
    versions = client.get(reverse("context:versions", args=[cast.client.pk])).content.decode()
    assert "STORY-TEXT" not in versions
    client.force_login(cast.client_user)
    client.post(reverse("context:my_formulation_visibility"), {"visibility": "supervisor"})
    assert formulation_for(cast.client).visibility == Visibility.SUPERVISOR
    client.force_login(cast.sam)
    body = client.get(url).content.decode()
    assert "STORY-TEXT" in body and "Write or change" not in body
    edit = reverse("context:section_edit", args=[cast.client.pk, "story"])
    assert client.post(edit, {"text": "sam's", "version": 1}).status_code == 404


@pytest.mark.parametrize("who", ["admin", "superuser", "colleague", "other_supervisor"])
def test_admins_and_other_staff_get_404_on_the_formulation(client, cast, who):
    client.force_login(getattr(cast, who))
    for name in ("context:formulation", "context:versions", "context:power_map"):
        assert client.get(reverse(name, args=[cast.client.pk])).status_code == 404


def test_the_client_sees_their_formulation_but_no_therapist_reflection(client, cast):
    from alongside.context.models import PowerReflection

    PowerReflection.objects.create(client=cast.client, author=cast.river, text="REFLECTION")
    save_section(cast.river, _section(cast, "strengths"), "STRENGTH-TEXT", 0)
    client.force_login(cast.client_user)
    body = client.get(reverse("context:my_formulation")).content.decode()
    assert "STRENGTH-TEXT" in body and "REFLECTION" not in body
    assert "REFLECTION" not in client.get(reverse("context:my_power_map")).content.decode()


def test_a_version_made_of_the_clients_accepted_words_is_credited_to_them(client, cast):
    save_section(cast.river, _section(cast, "happened"), "Old words.", 0)
    item = objects.feedback(cast, proposed_text="The client's words.")
    client.force_login(cast.river)
    url = reverse("context:feedback_accept", args=[cast.client.pk, item.pk])
    client.post(url, {"version": 1, "reply": "Yes."})
    page = client.get(reverse("context:versions", args=[cast.client.pk])).content.decode()
    assert "Ash Canary’s words, accepted by River" in page
    assert ">Version 2, " in page and ">2 · " not in page  # labels say who and when
    client.force_login(cast.client_user)
    mine = client.get(reverse("context:my_versions")).content.decode()
    assert "Your words, accepted by River" in mine


def test_the_box_for_new_words_is_only_there_for_a_proposed_change(client, cast):
    client.force_login(cast.client_user)
    url = reverse("context:my_respond", args=["story"])
    comment = client.get(url, {"kind": "comment"}).content.decode()
    assert 'name="proposed_text"' not in comment and 'name="text"' in comment
    proposal = client.get(url, {"kind": "proposal"}).content.decode()
    assert 'name="proposed_text"' in proposal
    sent = client.post(url, {"kind": "comment", "text": "MY-COMMENT"})
    item = Feedback.objects.get()
    assert sent.url.endswith(f"#feedback-{item.pk}")  # back to what they sent


def test_writing_a_section_says_whose_formulation_and_links_back_to_it(client, cast):
    client.force_login(cast.river)
    url = reverse("context:section_edit", args=[cast.client.pk, "story"])
    page = client.get(url).content.decode()
    back = reverse("context:formulation", args=[cast.client.pk])
    name = cast.client.chosen_name
    assert f'<p class="breadcrumb"><a href="{back}">Formulation: {name}</a></p>' in page
    assert f"What is your story? · Formulation: {name}" in page
