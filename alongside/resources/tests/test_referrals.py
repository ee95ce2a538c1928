"""Sharing a resource with a client, their consent to follow it, and closing the loop."""

import re

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.clients.models import ClientActivity
from alongside.resources.models import Barrier, Referral, Status
from alongside.resources.tests.objects import referral, service, tracked_referral


def test_a_therapist_finds_a_resource_for_a_client_and_shares_it(client, cast):
    item = service(cast)
    client.force_login(cast.river)
    found = client.get(
        reverse("resources:find", args=[cast.client.pk]), {"need": "housing", "language": "Arabic"}
    ).content.decode()
    share_url = reverse("resources:share", args=[cast.client.pk, item.pk])
    assert share_url in found
    client.post(share_url, {"message": "They helped someone with a similar landlord."})
    shared = Referral.objects.get(client=cast.client)
    assert shared.status == Status.SHARED and not shared.tracked
    assert AuditEvent.objects.filter(
        object_type="referral", object_id=str(shared.pk), client_id=cast.client.pk, action="create"
    ).exists()

    client.force_login(cast.client_user)
    mine = client.get(reverse("resources:mine")).content.decode()
    assert "Tenants&#x27; Union Advice Line" in mine
    page = client.get(reverse("resources:my_referral", args=[shared.pk])).content.decode()
    assert "020 7946 0001" in page and "similar landlord" in page


def test_the_share_page_names_the_resource_one_level_under_its_title(client, cast):
    item = service(cast)
    client.force_login(cast.river)
    page = client.get(reverse("resources:share", args=[cast.client.pk, item.pk])).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[:2] == [1, 2], levels


def test_another_client_never_sees_it(client, cast):
    shared = referral(cast)
    client.force_login(cast.other_client_user)
    assert "Tenants" not in client.get(reverse("resources:mine")).content.decode()
    assert client.get(reverse("resources:my_referral", args=[shared.pk])).status_code == 404


def test_with_the_clients_yes_it_becomes_a_referral_with_a_status(client, cast):
    shared = referral(cast)
    client.force_login(cast.client_user)
    client.post(reverse("resources:my_track", args=[shared.pk]), {"track": "yes"})
    shared.refresh_from_db()
    assert shared.tracked and shared.status == Status.SUGGESTED
    assert ClientActivity.objects.filter(client=cast.client, kind="referral").exists()
    client.post(reverse("resources:my_track", args=[shared.pk]), {"track": "no"})
    shared.refresh_from_db()
    assert not shared.tracked and shared.status == Status.SHARED


def test_without_consent_a_shared_resource_has_no_status(client, cast):
    shared = referral(cast)
    client.force_login(cast.river)
    client.post(
        reverse("resources:referral", args=[cast.client.pk, shared.pk]), {"status": "contacted"}
    )
    shared.refresh_from_db()
    assert shared.status == Status.SHARED


def test_a_referral_that_didnt_work_out_needs_a_reason(client, cast):
    item = tracked_referral(cast)
    url = reverse("resources:referral", args=[cast.client.pk, item.pk])
    client.force_login(cast.river)
    page = client.post(url, {"status": "didnt_work_out"}).content.decode()
    assert "Choose what got in the way" in page
    item.refresh_from_db()
    assert item.status == Status.SUGGESTED
    client.post(url, {"status": "didnt_work_out", "barrier": "waiting_list"})
    item.refresh_from_db()
    assert item.status == Status.DIDNT_WORK_OUT and item.barrier == Barrier.WAITING_LIST
    assert list(item.updates.values_list("barrier", flat=True)) == ["waiting_list"]


def test_the_client_can_close_the_loop_themselves(client, cast):
    item = tracked_referral(cast)
    client.force_login(cast.client_user)
    client.post(
        reverse("resources:my_referral", args=[item.pk]),
        {"status": "didnt_work_out", "barrier": "discrimination", "barrier_words": "Rude."},
    )
    item.refresh_from_db()
    assert item.barrier == Barrier.DISCRIMINATION and item.barrier_words == "Rude."
    # The barriers are plain choices, so reports can count them without decrypting anything.
    assert Referral.objects.filter(barrier="discrimination").count() == 1


def test_a_supervisor_reads_but_does_not_change(client, cast):
    item = tracked_referral(cast)
    url = reverse("resources:referral", args=[cast.client.pk, item.pk])
    client.force_login(cast.sam)
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "connected"}).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.SUGGESTED
