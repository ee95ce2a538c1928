"""The directory pages: who may see, add, suggest, check and flag."""

from django.urls import reverse

from alongside.audit.models import AuditEvent
from alongside.resources.models import Flag, Review, Service
from alongside.resources.tests.objects import service

NEW = {
    "organization_name": "Northtown Food Co-op",
    "name": "Community pantry",
    "description": "Free food on Tuesdays, no questions asked.",
    "needs": ["food"],
    "tags": ["free", "no_id"],
    "languages": "English, Polish",
    "areas": "Northtown",
    "phone": "020 7946 0002",
    "city": "Northtown",
    "status": "active",
    "opening_times": "Tuesdays 2pm to 6pm",
}


def test_staff_search_by_need_and_language(client, cast):
    service(cast)
    service(cast, name="Polish Advice Centre", needs=["money"], languages=["Polish"])
    client.force_login(cast.river)
    page = client.get(reverse("resources:directory"), {"need": "housing", "language": "Arabic"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tenants&#x27; Union Advice Line" in body and "Polish Advice Centre" not in body


def test_clients_have_no_directory_and_other_practices_only_their_own(client, cast):
    item = service(cast)
    client.force_login(cast.client_user)
    assert client.get(reverse("resources:directory")).status_code == 404
    assert client.get(reverse("resources:detail", args=[item.pk])).status_code == 404
    client.force_login(cast.outsider_therapist)
    assert "Tenants" not in client.get(reverse("resources:directory")).content.decode()
    assert client.get(reverse("resources:detail", args=[item.pk])).status_code == 404


def test_the_admin_adds_a_resource_straight_into_the_directory(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("resources:add"), NEW)
    assert response.status_code == 302
    added = Service.objects.get(name="Community pantry")
    assert added.review == Review.APPROVED
    assert sorted(lang.name for lang in added.languages.all()) == ["English", "Polish"]
    assert added.at_locations.get().location.city == "Northtown"
    assert "pantry" in added.search_text.lower()
    assert AuditEvent.objects.filter(object_type="resource", object_id=str(added.pk)).exists()


def test_a_therapists_suggestion_waits_for_the_admin(client, cast):
    client.force_login(cast.river)
    client.post(reverse("resources:add"), NEW)
    suggested = Service.objects.get(name="Community pantry")
    assert suggested.review == Review.SUGGESTED
    client.force_login(cast.colleague)
    assert "Community pantry" not in client.get(reverse("resources:directory")).content.decode()
    assert client.get(reverse("resources:detail", args=[suggested.pk])).status_code == 404
    client.force_login(cast.admin)
    assert "Community pantry" in client.get(reverse("resources:review")).content.decode()
    client.post(reverse("resources:approve", args=[suggested.pk]))
    client.force_login(cast.colleague)
    assert "Community pantry" in client.get(reverse("resources:directory")).content.decode()


def test_a_form_with_mistakes_keeps_what_was_typed(client, cast):
    client.force_login(cast.admin)
    bad = {**NEW, "needs": [], "minimum_age": "30", "maximum_age": "18"}
    page = client.post(reverse("resources:add"), bad).content.decode()
    assert "Community pantry" in page and "maximum age is below" in page
    assert not Service.objects.filter(name="Community pantry").exists()


def test_only_the_admin_edits(client, cast):
    item = service(cast)
    client.force_login(cast.river)
    assert client.get(reverse("resources:edit", args=[item.pk])).status_code == 404
    client.force_login(cast.admin)
    page = client.get(reverse("resources:edit", args=[item.pk])).content.decode()
    assert "Riverside Tenants&#x27; Union" in page and "Arabic" in page
    client.post(reverse("resources:edit", args=[item.pk]), {**NEW, "name": "Renamed line"})
    item.refresh_from_db()
    assert item.name == "Renamed line" and item.organization.name == "Northtown Food Co-op"


def test_any_staff_member_marks_it_checked_or_flags_it(client, cast):
    item = service(cast)
    client.force_login(cast.sam)
    client.post(reverse("resources:checked", args=[item.pk]))
    item.refresh_from_db()
    assert item.last_checked is not None
    client.post(reverse("resources:flag", args=[item.pk]), {"reason": "closed", "note": "Shut."})
    flag = Flag.objects.get(service=item)
    assert flag.flagged_by == cast.sam
    assert "Flagged on" in client.get(reverse("resources:detail", args=[item.pk])).content.decode()
    client.force_login(cast.admin)
    client.post(reverse("resources:resolve", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.resolved_at is not None
