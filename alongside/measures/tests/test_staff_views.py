"""What each role sees: therapist works, supervisor reads scores, admin and others see nothing."""

import json
import re

from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from alongside.audit.models import AuditEvent
from alongside.measures.models import Assignment, CheckIn, CheckInStatus, Schedule
from alongside.measures.tests.conftest import answered, phq


def _page(client, user, cast, name="measures:client", *args):
    client.force_login(user)
    return client.get(reverse(name, args=[cast.client.pk, *args]))


def _seed(cast):
    answered(cast.client, "phq-9", phq(2, 2, 3, 2, 2, 2, 2, 1, 0))
    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))


def test_the_therapist_sees_the_chart_with_a_table_and_reliable_change(client, cast):
    _seed(cast)
    body = _page(client, cast.river, cast).content.decode()
    assert '<svg viewBox="0 0 340 250" role="img"' in body
    assert "PHQ-9 total (0 to 27)" in body
    assert "A score describes distress, not its cause." in body
    assert "<table>" in body and "moderately severe" in body
    assert "-8 (reliable improvement)" in body
    assert "NHS Talking Therapies" in body  # the threshold's source
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="12" height="12"', body)  # the marker


def test_session_dates_are_marked_on_the_time_axis(client, cast):
    from django.utils import timezone

    from alongside.notes.models import Session

    _seed(cast)
    Session.objects.create(client=cast.client, date=timezone.localdate(), modality="video")
    body = _page(client, cast.river, cast).content.decode()
    assert body.count('stroke="#4a4a55" stroke-width="2"') == 1


def test_the_supervisor_reads_scores_without_any_way_to_change_them(client, cast):
    _seed(cast)
    body = _page(client, cast.sam, cast).content.decode()
    assert "PHQ-9 total (0 to 27)" in body and "Read-only" in body
    assert "Ask for a check-in" not in body and "Stop asking" not in body
    assert "export" not in body.lower().split("how things have changed")[1]
    assert _page(client, cast.sam, cast, "measures:assign").status_code == 404
    assert _page(client, cast.sam, cast, "measures:export_csv").status_code == 404


def test_practice_admins_and_other_therapists_see_none_of_it(client, cast):
    _seed(cast)
    for user in (
        cast.admin,
        cast.superuser,
        cast.colleague,
        cast.other_supervisor,
        cast.outsider_therapist,
    ):
        response = _page(client, user, cast)
        assert response.status_code == 404
        assert "PHQ" not in response.content.decode()


def test_the_therapist_assigns_an_instrument_on_a_schedule(client, cast):
    client.force_login(cast.river)
    url = reverse("measures:assign", args=[cast.client.pk])
    missing = client.post(url, {"instrument": "gad-7", "schedule": "every_n_weeks"})
    assert missing.status_code == 200
    assert "Say how many weeks apart" in missing.content.decode()
    response = client.post(
        url, {"instrument": "gad-7", "schedule": "every_n_weeks", "every_weeks": "2"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.instrument, assignment.every_weeks) == ("gad-7", 2)
    assert CheckIn.objects.get().status == CheckInStatus.OPEN  # due today
    assert AuditEvent.objects.filter(object_type="measure_assignment", action="create").exists()


def test_an_unknown_instrument_is_refused(client, cast):
    client.force_login(cast.river)
    url = reverse("measures:assign", args=[cast.client.pk])
    response = client.post(url, {"instrument": "oq-45", "schedule": "once"})
    assert response.status_code == 200 and not Assignment.objects.exists()


def test_stopping_withdraws_what_is_waiting(client, cast):
    client.force_login(cast.river)
    client.post(
        reverse("measures:assign", args=[cast.client.pk]),
        {"instrument": "eds", "schedule": Schedule.ONCE},
    )
    assignment = Assignment.objects.get()
    client.post(reverse("measures:stop", args=[cast.client.pk, assignment.pk]))
    assert CheckIn.objects.get().status == CheckInStatus.WITHDRAWN


def test_the_therapist_makes_a_link_to_copy_or_email(client, cast):
    from django.core import mail

    client.force_login(cast.river)
    client.post(
        reverse("measures:assign", args=[cast.client.pk]), {"instrument": "eds", "schedule": "once"}
    )
    check_in = CheckIn.objects.get()
    url = reverse("measures:make_link", args=[cast.client.pk, check_in.pk])
    shown = client.post(url, {"send": "show"}).content.decode()
    link = re.search(r'value="(http://testserver/check-in/[^"]+/)"', shown).group(1)
    # The link is for the client: signed in as anyone else it is refused (issue 11, 16).
    assert client.get(link).status_code == 404
    signed_out = type(client)()
    assert signed_out.get(link).status_code == 200
    client.post(url, {"send": "email"})
    assert mail.outbox[0].to == ["ash@example.invalid"]
    assert signed_out.get(link).status_code == 404  # the emailed link replaced it


def test_the_fhir_export_is_a_valid_bundle_of_questionnaire_responses(client, cast):
    _seed(cast)
    response = _page(client, cast.river, cast, "measures:export_fhir")
    assert response["Content-Type"].startswith("application/fhir+json")
    data = json.loads(response.content)
    Bundle.model_validate(data)
    resources = [e["resource"] for e in data["entry"]]
    assert [r["resourceType"] for r in resources] == ["QuestionnaireResponse"] * 2
    first = resources[0]
    assert first["questionnaire"] == "urn:alongside:fhir:Questionnaire:phq-9|1"
    assert first["status"] == "completed"
    group = first["item"][0]
    assert group["linkId"] == "phq9"
    assert group["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6570-1"
    assert AuditEvent.objects.filter(action="export", client_id=cast.client.pk).exists()


def test_the_csv_export_has_one_row_per_answer_and_a_total(client, cast):
    _seed(cast)
    answered(
        cast.client,
        answers={
            "safe": 9,
            "heard": 9,
            "respected": 9,
            "power": 9,
            "mattered": 9,
            "overall": 9,
            "comment": "=HYPERLINK(1)",
        },
    )
    text = _page(client, cast.river, cast, "measures:export_csv").content.decode()
    lines = text.strip().splitlines()
    assert (
        lines[0]
        == "response_id,instrument,questionnaire_version,submitted_at,item,question,answer,value"
    )
    assert sum(",phq9-" in line for line in lines) == 18
    assert any(",total," in line and line.endswith(",16") for line in lines)
    assert "'=HYPERLINK(1)" in text  # a formula in a comment is defused


def test_the_client_sees_their_own_chart_and_can_export(client, cast):
    _seed(cast)
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:mine")).content.decode()
    assert "PHQ-9 total (0 to 27)" in body and "reliable improvement" in body
    data = json.loads(client.get(reverse("measures:my_export_fhir")).content)
    Bundle.model_validate(data)
    assert len(data["entry"]) == 2
    client.force_login(cast.other_client_user)
    other = client.get(reverse("measures:mine")).content.decode()
    assert "PHQ-9 total" not in other
    assert json.loads(client.get(reverse("measures:my_export_fhir")).content).get("entry") == []


def test_the_record_page_links_to_check_ins_for_therapist_and_supervisor(client, cast):
    for user in (cast.river, cast.sam):
        client.force_login(user)
        body = client.get(cast.client.get_absolute_url()).content.decode()
        assert reverse("measures:client", args=[cast.client.pk]) in body


def test_the_portal_home_tells_the_client_what_is_waiting(client, cast):
    from alongside.measures.tests.conftest import make_check_in

    make_check_in(cast.client)
    client.force_login(cast.client_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "Your therapist has asked you 1 short check-in." in body
