"""After sending a comment the page returns to that comment, which can take focus; a
check-in question is the place focus goes on each step. (enhance.js moves focus; the
browser walk in tests/browser/test_first_use.py checks it lands there.)"""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from alongside.context.models import Feedback
from alongside.context.records import formulation_for, save_section, sections_of
from alongside.measures.tests.conftest import make_check_in
from alongside.notes.models import Flag, Perspective
from alongside.notes.tests.helpers import signed_note
from alongside.plans.models import PlanFeedback

ENHANCE = Path(settings.BASE_DIR) / "alongside/core/static/core/enhance.js"


def _returns_to_its_focusable_comment(client, response, fragment):
    assert response.status_code == 302
    url, _hash, anchor = response["Location"].partition("#")
    assert anchor == fragment
    follow = client.get(url)
    page = follow.content.decode()
    assert re.search(rf'id="{fragment}"[^>]*tabindex="-1"', page), page
    assert "messages" in page  # the confirmation the script moves next to the comment


def test_a_perspective_on_a_note_returns_to_that_perspective(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("notes:my_perspective", args=[note.pk]), {"perspective-text": "It helped."}
    )
    _returns_to_its_focusable_comment(
        client, response, f"perspective-{Perspective.objects.get().pk}"
    )


def test_saying_a_note_doesnt_fit_returns_to_what_was_said(client, cast):
    note = signed_note(cast)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("notes:my_flag", args=[note.pk]),
        {"flag-section": "meanings", "flag-reason": "Not quite me."},
    )
    _returns_to_its_focusable_comment(client, response, f"flag-{Flag.objects.get().pk}")


def test_a_comment_on_the_formulation_returns_to_that_comment(client, cast):
    section = sections_of(formulation_for(cast.client))["survive"]
    save_section(cast.river, section, "Going quiet.", 0)
    client.force_login(cast.client_user)
    response = client.post(
        reverse("context:my_respond", args=["survive"]), {"kind": "comment", "text": "Yes."}
    )
    _returns_to_its_focusable_comment(client, response, f"feedback-{Feedback.objects.get().pk}")


def test_seeing_part_of_the_plan_differently_returns_to_what_was_sent(client, cast):
    client.force_login(cast.client_user)
    response = client.post(
        reverse("plans:my_section_differently", args=["strengths"]),
        {"text": "It's stubbornness.", "proposed_text": ""},
    )
    _returns_to_its_focusable_comment(client, response, f"feedback-{PlanFeedback.objects.get().pk}")


def test_each_check_in_question_is_where_focus_goes(client, cast):
    check_in = make_check_in(cast.client)
    client.force_login(cast.client_user)
    for step in (1, 2):
        url = reverse("measures:answer", args=[check_in.pk]) + f"?q={step}"
        body = client.get(url).content.decode()
        assert re.search(r'<form[^>]*data-focus tabindex="-1"', body)


def test_the_script_focuses_an_error_summary_the_marked_element_or_the_fragment():
    script = ENHANCE.read_text()
    assert ".error-summary[tabindex]" in script
    assert "[data-focus]" in script
    assert "location.hash" in script and ".focus()" in script
