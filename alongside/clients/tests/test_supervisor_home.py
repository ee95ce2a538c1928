"""The supervisor's home shows each supervisee with what waits for review, and the comments
the supervisor left lately, at a constant query cost."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.clients.models import Client
from alongside.measures.models import Flag, FlagKind
from alongside.measures.tests.objects import prompt, response
from alongside.notes import records as note_records
from alongside.notes.models import Note
from alongside.notes.tests.helpers import draft_note, sign, signed_note
from alongside.plans.records import plan_for
from conftest import make_user

HOME = reverse("clients:supervision")


def _section(body, heading_id):
    start = body.index(f'id="{heading_id}"')
    return body[start : body.index("</section>", start)]


def _waiting_for(client, therapist):
    body = client.get(HOME).content.decode()
    start = body.index(f'id="waiting-{therapist.pk}-h"')
    return body[start : body.index("</article>", start)]


def test_a_recent_signed_note_waits_for_review_until_the_supervisor_comments(client, cast):
    note = signed_note(cast)
    client.force_login(cast.sam)
    waiting = _waiting_for(client, cast.river)
    assert "1 note to review" in waiting
    assert reverse("notes:detail", args=[note.pk]) in waiting and "Ash Canary" in waiting
    note_records.add_supervision_comment(cast.sam, note, "Worth asking about the housing.")
    waiting = _waiting_for(client, cast.river)
    assert "note to review" not in waiting and "Nothing waits for review." in waiting
    comments = _section(client.get(HOME).content.decode(), "my-comments-h")
    assert "Worth asking about the housing." in comments
    assert reverse("notes:detail", args=[note.pk]) in comments


def test_an_old_note_no_longer_waits(client, cast):
    note = signed_note(cast)
    note.__class__.objects.filter(pk=note.pk).update(signed_at=timezone.now() - timedelta(days=60))
    client.force_login(cast.sam)
    assert "note to review" not in _waiting_for(client, cast.river)


def test_open_prompts_and_plans_due_for_review_wait_and_a_later_review_does_not(client, cast):
    flag = prompt(cast)
    plan = plan_for(cast.client)
    plan.review_on = timezone.localdate() - timedelta(days=1)
    plan.save()
    client.force_login(cast.sam)
    waiting = _waiting_for(client, cast.river)
    assert "1 open check-in prompt" in waiting
    assert reverse("measures:flag", args=[cast.client.pk, flag.pk]) in waiting
    assert "1 plan due for review" in waiting
    assert reverse("plans:plan", args=[cast.client.pk]) in waiting
    plan.review_on = timezone.localdate() + timedelta(days=10)
    plan.save()
    Flag.objects.update(resolved_at=timezone.now(), resolved_by=cast.river)
    assert "Nothing waits for review." in _waiting_for(client, cast.river)


def test_only_the_supervisors_own_supervisees_are_listed(client, cast):
    # The colleague is not Sam's supervisee; a note of theirs never waits on Sam.
    note = sign(draft_note(cast, client=cast.other_client))
    client.force_login(cast.sam)
    body = client.get(HOME).content.decode()
    waiting = _section(body, "waiting-h")
    assert f'id="waiting-{cast.river.pk}-h"' in waiting
    assert f'id="waiting-{cast.colleague.pk}-h"' not in waiting
    assert reverse("notes:detail", args=[note.pk]) not in waiting
    # Another supervisor sees nobody's work waiting.
    client.force_login(cast.other_supervisor)
    assert 'class="card supervisee' not in client.get(HOME).content.decode()


def _supervisee_with_work(cast, name, clients=3):
    therapist = make_user(cast.practice, name, Role.THERAPIST, supervisor=cast.sam)
    answered = response(cast)
    for n in range(clients):
        person = Client.objects.create(
            practice=cast.practice, therapist=therapist, chosen_name=f"{name} client {n}"
        )
        sign(draft_note(cast, client=person))
        Flag.objects.create(client=person, response=answered, kind=FlagKind.RUPTURE, item="safe")
        plan = plan_for(person)
        plan.review_on = timezone.localdate()
        plan.save()
    return therapist


def _queries(client):
    client.get(HOME)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_the_home_costs_the_same_queries_for_one_supervisee_or_many(client, cast):
    signed_note(cast)
    client.force_login(cast.sam)
    note_records.add_supervision_comment(
        cast.sam, signed_note(cast, days_ago=3), "A first comment."
    )
    _supervisee_with_work(cast, "una", clients=1)
    few = _queries(client)
    for name in ("vic", "wren", "xan", "yael"):
        _supervisee_with_work(cast, name, clients=5)
    for note in Note.objects.filter(client__therapist__username="vic")[:3]:
        note_records.add_supervision_comment(cast.sam, note, "More.")
    many = _queries(client)
    body = client.get(HOME).content.decode()
    assert "5 notes to review" in body and "and more" in body
    assert few == many


def test_past_the_cap_the_count_says_more_than_and_still_lists_notes(client, cast, monkeypatch):
    from alongside.clients import supervision

    monkeypatch.setattr(supervision, "CAP", 2)
    notes = [signed_note(cast, days_ago=n) for n in (1, 2, 3)]
    client.force_login(cast.sam)
    waiting = _waiting_for(client, cast.river)
    assert "More than 2 notes to review" in waiting and "(more than 2 waiting)" in waiting
    assert sum(reverse("notes:detail", args=[n.pk]) in waiting for n in notes) == 3
    monkeypatch.setattr(supervision, "CAP", 3)
    waiting = _waiting_for(client, cast.river)
    assert "3 notes to review" in waiting and "More than" not in waiting


def test_the_comments_listed_are_the_newest_on_notes_the_supervisor_can_still_read(
    client, cast, monkeypatch
):
    from alongside.accounts.models import User
    from alongside.notes.templatetags import notes as note_tags

    for days_ago, words in ((5, "Oldest."), (3, "Middle."), (1, "Newest.")):
        note_records.add_supervision_comment(cast.sam, signed_note(cast, days_ago=days_ago), words)
    monkeypatch.setattr(note_tags.supervisor_comments, "__defaults__", (2,))  # the list's limit
    client.force_login(cast.sam)
    comments = _section(client.get(HOME).content.decode(), "my-comments-h")
    assert comments.index("Newest.") < comments.index("Middle.")
    assert "Oldest." not in comments

    User.objects.filter(pk=cast.river.pk).update(supervisor=None)  # no longer supervised

    comments = _section(client.get(HOME).content.decode(), "my-comments-h")
    assert "Newest." not in comments and "Middle." not in comments
