"""Open check-in prompts on the caseload: the newest rupture prompt with the client's words,
and a waiting safety check-in, each linked to be acted on."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alongside.measures.caseload import NO_FLAGS, flag_annotations
from alongside.measures.models import Flag, FlagKind
from alongside.measures.tests.objects import response


def _flag(cast, kind, item, comment="", days_ago=0):
    flag = Flag.objects.create(
        client=cast.client, response=response(cast), kind=kind, item=item, comment=comment
    )
    Flag.objects.filter(pk=flag.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return flag


def _caseload(client):
    return client.get(reverse("clients:caseload")).content.decode()


def test_the_newest_open_rupture_prompt_shows_with_the_clients_words(client, cast):
    older = _flag(cast, FlagKind.RUPTURE, "heard", "Older words.", days_ago=5)
    newer = _flag(cast, FlagKind.RUPTURE, "safe", "I did not feel safe.", days_ago=1)
    client.force_login(cast.river)
    body = _caseload(client)
    assert reverse("measures:flag", args=[cast.client.pk, newer.pk]) in body
    assert reverse("measures:flag", args=[cast.client.pk, older.pk]) not in body
    assert "I did not feel safe." in body and "Older words." not in body
    assert "was lower than usual" in body


def test_a_waiting_safety_check_in_is_linked_and_a_resolved_one_is_not(client, cast):
    safety = _flag(cast, FlagKind.SAFETY, "q9")
    client.force_login(cast.river)
    link = reverse("measures:flag", args=[cast.client.pk, safety.pk])
    assert link in _caseload(client) and "Check in about safety" in _caseload(client)
    Flag.objects.update(resolved_at=timezone.now(), resolved_by=cast.river)
    body = _caseload(client)
    assert link not in body and "Check in about safety" not in body
    assert 'class="caseload-prompt"' not in body


def test_another_clients_prompt_is_not_shown_on_this_caseload(client, cast):
    other = Flag.objects.create(
        client=cast.other_client, response=response(cast), kind=FlagKind.RUPTURE, item="safe"
    )
    client.force_login(cast.river)
    assert reverse("measures:flag", args=[cast.other_client.pk, other.pk]) not in _caseload(client)


def test_a_caseload_row_not_asked_about_prompts_reads_as_one_with_none():
    # The caseload skips the prompt subqueries on a page where nobody waits and gives each
    # row NO_FLAGS instead: the same names, so the template reads no missing attribute.
    assert set(NO_FLAGS) == set(flag_annotations())
    assert not any(NO_FLAGS.values())
