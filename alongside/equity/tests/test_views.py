"""The pages: who sees which report, the admin's groups and settings, the referral date on
the record, and the client's own choice in the portal."""

from alongside.audit.models import AuditEvent
from alongside.context.models import Dimension, MapEntry
from alongside.equity.models import (
    CountingChoice,
    EquitySettings,
    GroupRule,
    Intake,
    ReportingGroup,
)
from alongside.equity.tests.helpers import client_with_history, practice_of


def test_the_admin_sees_the_practice_report_without_any_clinical_content(cast, client):
    practice_of(cast, black=12, white=12)
    MapEntry.objects.create(
        client=cast.client, dimension=Dimension.objects.get(code="religion"), words="CANARY-MAP"
    )
    client.force_login(cast.admin)
    response = client.get("/practice/equity/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The whole practice" in body
    assert "Your caseload" not in body
    for secret in ("CANARY-MAP", "Ash Canary", "Invented Black", "Black British", "White Irish"):
        assert secret not in body
    assert "most cells are hidden" in body
    assert AuditEvent.objects.filter(object_type="equity_report", actor_id=cast.admin.pk).exists()


def test_a_therapist_sees_their_caseload_beside_the_practice(cast, client):
    practice_of(cast, black=12, white=12)
    client.force_login(cast.river)
    body = client.get("/practice/equity/?by=ethnicity&also=gender").content.decode()
    assert "Your caseload" in body and "The whole practice" in body
    assert "Black · Trans or non-binary" in body
    assert "<svg" in body and "<table" in body


def test_a_supervisor_sees_their_supervisees_caseloads(cast, client):
    practice_of(cast, black=12, white=12)
    client.force_login(cast.sam)
    body = client.get("/practice/equity/").content.decode()
    assert "Your supervisees&#x27; caseloads" in body or "Your supervisees' caseloads" in body


def test_clients_cannot_open_the_report(cast, client):
    client.force_login(cast.client_user)
    assert client.get("/practice/equity/").status_code == 404
    assert client.get("/practice/equity/export.csv").status_code == 404


def test_a_bad_period_is_said_plainly_and_the_report_still_shows(cast, client):
    client.force_login(cast.admin)
    response = client.get("/practice/equity/?since=2026-05-01&until=2026-01-01")
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()


def test_the_groups_page_shows_only_words_many_people_used(cast, client):
    practice_of(cast, black=12, white=12)
    client_with_history(cast.practice, cast.river, "Waterline Nation", n=77)
    client.force_login(cast.admin)
    body = client.get("/practice/equity/groups/?dimension=ethnicity").content.decode()
    assert "black british" in body
    assert "waterline" not in body.casefold()


def test_the_admin_adds_a_group_and_a_rule_and_both_are_logged(cast, client):
    client.force_login(cast.admin)
    response = client.post("/practice/equity/groups/", {"dimension": "ethnicity", "label": "Black"})
    group = ReportingGroup.objects.get(practice=cast.practice, label="Black")
    assert response.status_code == 302
    client.post(f"/practice/equity/groups/{group.pk}/", {"match": "contains", "phrase": " Black "})
    assert GroupRule.objects.get(group=group).phrase == "Black"
    assert AuditEvent.objects.filter(object_type="equity_group", actor_id=cast.admin.pk).exists()
    assert AuditEvent.objects.filter(object_type="equity_rule", actor_id=cast.admin.pk).exists()
    response = client.post("/practice/equity/groups/", {"dimension": "ethnicity", "label": "black"})
    assert "There is already a group with this name here." in response.content.decode()


def test_k_can_not_be_set_below_five(cast, client):
    client.force_login(cast.admin)
    response = client.post("/practice/equity/settings/", {"k": "3"})
    assert response.status_code == 200
    assert not EquitySettings.objects.filter(practice=cast.practice).exists()
    client.post("/practice/equity/settings/", {"k": "7", "round_to_5": "on"})
    assert EquitySettings.objects.get(practice=cast.practice).k == 7


def test_the_therapist_records_the_referral_date_on_the_record(cast, client):
    client.force_login(cast.river)
    url = f"/clients/{cast.client.pk}/referral/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"referred_on": "2026-01-05", "ending": "", "version": 1})
    assert response.status_code == 302
    intake = Intake.objects.get(client=cast.client)
    assert str(intake.referred_on) == "2026-01-05"
    stale = client.post(url, {"referred_on": "2026-01-06", "version": 0})
    assert "Someone saved this after you opened it" in stale.content.decode()
    ended = client.post(url, {"referred_on": "2026-01-05", "ending": "agreed", "version": 2})
    assert "Give the date the work ended." in ended.content.decode()
    assert AuditEvent.objects.filter(object_type="intake", client_id=cast.client.pk).exists()


def test_the_client_chooses_whether_they_are_counted_and_can_change_it(cast, client):
    client.force_login(cast.client_user)
    page = client.get("/my/fairness/").content.decode()
    assert "Right now you are not counted." in page  # the shipped default: ask first
    client.post("/my/fairness/", {"counted": "yes"})
    assert CountingChoice.objects.get(client=cast.client).counted is True
    client.post("/my/fairness/", {"counted": "no"})
    assert CountingChoice.objects.get(client=cast.client).counted is False
    assert "Right now you are not counted." in client.get("/my/fairness/").content.decode()
    events = AuditEvent.objects.filter(object_type="equity_choice", client_id=cast.client.pk)
    assert events.filter(action="create").exists() and events.filter(action="update").exists()


def test_the_practice_default_applies_until_the_client_chooses(cast, client):
    EquitySettings.objects.create(practice=cast.practice, count_by_default=True)
    client.force_login(cast.client_user)
    page = client.get("/my/fairness/").content.decode()
    assert "Right now you are counted." in page
    assert "You have not chosen yet" in page


def test_the_report_says_plainly_what_its_protection_cannot_do(cast, client):
    practice_of(cast, black=12, white=12)
    client.force_login(cast.river)
    body = client.get("/practice/equity/").content.decode()
    assert "What this protection cannot do" in body
    assert "Comparing two reports can still give away a number about fewer than 10" in body
    assert "A rule could be written to move one or two people" in body
    assert "kept in the audit log" in body


def _region_names(body: str) -> list[str]:
    """Each <section>'s accessible name: the text of the elements its aria-labelledby names."""
    import re

    texts = {
        id_: re.sub(r"<[^>]+>", "", inner).strip()
        for id_, inner in re.findall(r'<h[1-6][^>]* id="([^"]+)"[^>]*>(.*?)</h[1-6]>', body)
    }
    return [
        " ".join(texts.get(id_, "?") for id_ in ids.split())
        for ids in re.findall(r'<section[^>]* aria-labelledby="([^"]+)"', body)
    ]


def test_each_table_region_has_a_name_of_its_own(cast, client):
    # Every measure has a "The whole practice" table (and "Your caseload" beside it for a
    # therapist): named by that alone, a screen reader's list of regions repeats it.
    practice_of(cast, black=12, white=12)
    client.force_login(cast.river)
    names = _region_names(client.get("/practice/equity/").content.decode())
    assert len(names) > 4
    assert len(names) == len(set(names)), names
