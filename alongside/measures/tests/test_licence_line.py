"""The instrument's licence line is for staff and the record, not the client's check-in form.

The licences the project records (each Questionnaire's `copyright`) ask for no notice where
the questions are answered: PHQ-9 and GAD-7 need "no permission to reproduce, translate,
display or distribute", the Everyday Discrimination Scale is freely available and the session
feedback is the project's own wording. So the client's form and their page of answers leave it
out; the staff page of an answered check-in keeps it.
"""

from django.urls import reverse

from alongside.measures import instruments
from alongside.measures.tests.conftest import answered, make_check_in, phq


def test_a_client_answering_a_check_in_is_not_shown_the_licence(client, cast):
    check_in = make_check_in(cast.client, "phq-9")
    client.force_login(cast.client_user)
    url = reverse("measures:answer", args=[check_in.pk])
    for page in (url, url + "?q=1", url + "?mode=all"):
        body = client.get(page).content.decode()
        assert "PHQ-9" in body  # the check-in itself is there
        assert "About this questionnaire" not in body and "phqscreeners" not in body


def test_nor_with_their_answers_afterwards(client, cast):
    response = answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))
    client.force_login(cast.client_user)
    body = client.get(reverse("measures:my_response", args=[response.pk])).content.decode()
    assert "PHQ-9" in body and "phqscreeners" not in body


def test_the_therapist_still_reads_the_licence_with_the_answers(client, cast):
    response = answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))
    client.force_login(cast.river)
    url = reverse("measures:response", args=[cast.client.pk, response.pk])
    body = client.get(url).content.decode()
    copyright = instruments.get("phq-9").copyright
    assert "About this questionnaire" in body and "www.phqscreeners.com" in copyright
    assert "www.phqscreeners.com" in body
