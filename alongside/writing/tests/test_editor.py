"""The checker beside clinical textareas: findings while typing and after saving, the
client's naming preferences, setting findings aside, and the practice's own rules."""

import json
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.audit.models import AuditEvent
from alongside.notes.models import Note
from alongside.notes.tests.helpers import draft_note
from alongside.writing.models import Dismissal, PracticeLanguage

FLAGGED = "Ash claims the landlord never answers. He is an addict."
CHECK = "/writing/check/"


def check_as(client, user, text, about=None, source="agenda"):
    client.force_login(user)
    data = {"language_source": source, "language_region": f"id_{source}_language", source: text}
    if about is not None:
        data["language_client"] = about.pk
    return client.post(CHECK, data)


def rules_in(response) -> set[str]:
    return set(
        re.findall(r'"lc_rule": "([^"]+)"', response.content.decode().replace("&quot;", '"'))
    )


@pytest.mark.django_db
class TestWhileTyping:
    def test_the_therapist_sees_why_and_what_to_write_instead(self, client, cast):
        response = check_as(client, cast.river, FLAGGED, cast.client)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Wording check: 2 things to look at. You can still save." in page
        assert "doubt" in page  # the why, in plain words
        assert 'You could write: “<span lang="en">reports</span>”' in page  # an alternative
        assert rules_in(response) == {"credibility.claims", "labels.addict"}

    def test_clean_text_shows_nothing(self, client, cast):
        response = check_as(client, cast.river, "Ash named what the council did.", cast.client)
        assert response.status_code == 200
        assert "Wording check" not in response.content.decode()

    def test_the_clients_own_words_are_respected(self, client, cast):
        cast.client.own_terms = "addict, queer"
        cast.client.save()
        response = check_as(client, cast.river, FLAGGED, cast.client)
        assert rules_in(response) == {"credibility.claims"}
        # Another client's record, written the same way, still gets the finding.
        response = check_as(client, cast.colleague, FLAGGED, cast.other_client)
        assert rules_in(response) == {"credibility.claims", "labels.addict"}

    @pytest.mark.parametrize(
        "who",
        [
            "colleague",
            "other_supervisor",
            "admin",
            "superuser",
            "client_user",
            "outsider_therapist",
        ],
    )
    def test_nobody_else_can_check_against_this_record(self, client, cast, who):
        response = check_as(client, getattr(cast, who), FLAGGED, cast.client)
        assert response.status_code == 404
        assert b"claims" not in response.content

    def test_only_posts_are_answered(self, client, cast):
        client.force_login(cast.river)
        assert client.get(CHECK).status_code == 405

    def test_a_field_name_that_is_not_a_name_is_refused(self, client, cast):
        response = check_as(client, cast.river, FLAGGED, cast.client, source="<script>")
        assert response.status_code == 404

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(text=st.text(max_size=400))
    def test_any_text_gets_an_answer_with_its_words_escaped(self, client, cast, text):
        response = check_as(client, cast.river, text + " <script>x</script> claims", cast.client)
        assert response.status_code == 200
        assert b"<script>x" not in response.content


@pytest.mark.django_db
class TestOnTheNotePage:
    def test_saved_text_shows_its_findings_and_the_textarea_checks_as_you_type(self, client, cast):
        note = draft_note(cast, agenda=FLAGGED)
        client.force_login(cast.river)
        page = client.get(reverse("notes:edit", args=[note.pk])).content.decode()
        textarea = re.search(r"<textarea[^>]*name=\"agenda\"[^>]*>", page).group(0)
        assert 'hx-post="/writing/check/"' in textarea
        assert "delay:800ms" in textarea
        values = json.loads(
            re.search(r'hx-vals="([^"]+)"', textarea).group(1).replace("&quot;", '"')
        )
        assert values == {
            "language_source": "agenda",
            "language_region": "id_agenda_language",
            "language_client": str(cast.client.pk),
        }
        assert "id_agenda_language_summary" in textarea  # aria-describedby
        region = page.split('id="id_agenda_language"', 1)[1].split("</ul>", 1)[0]
        assert "Wording check: 2 things to look at." in region

    def test_saving_is_never_blocked(self, client, cast):
        from alongside.notes.tests.test_note_editing import _form

        note = draft_note(cast)
        client.force_login(cast.river)
        url = reverse("notes:edit", args=[note.pk])
        response = client.post(url, _form(note, agenda=FLAGGED))
        assert response.status_code == 302
        assert Note.objects.get(pk=note.pk).agenda == FLAGGED
        # ...and the findings are there when the page comes back.
        page = client.get(url).content.decode()
        assert "Wording check: 2 things to look at." in page

    def test_what_clients_write_is_never_checked(self, client, cast):
        client.force_login(cast.client_user)
        page = client.get(reverse("portal:edit")).content.decode()
        assert "data-language-check" not in page
        assert "/writing/check/" not in page


def set_aside(client, user, about, rule, phrase, reason="own_word"):
    client.force_login(user)
    return client.post(
        "/writing/set-aside/",
        {
            "lc_slot": "s1",
            "lc_reason_s1": reason,
            "lc_comment_s1": "CANARY-DISMISS-COMMENT",
            "lc_rule": rule,
            "lc_phrase": phrase,
            "language_client": about.pk,
            "language_source": "agenda",
            "language_region": "id_agenda_language",
            "agenda": FLAGGED,
        },
    )


@pytest.mark.django_db
class TestSettingAside:
    def test_a_finding_set_aside_stays_away_for_this_client_only(self, client, cast):
        response = set_aside(client, cast.river, cast.client, "labels.addict", "addict")
        assert response.status_code == 200
        assert rules_in(response) == {"credibility.claims"}  # redrawn without it
        assert rules_in(check_as(client, cast.river, FLAGGED, cast.client)) == {
            "credibility.claims"
        }
        other = check_as(client, cast.colleague, FLAGGED, cast.other_client)
        assert "labels.addict" in rules_in(other)
        dismissal = Dismissal.objects.get()
        assert (dismissal.rule, dismissal.reason, dismissal.author) == (
            "labels.addict",
            "own_word",
            cast.river,
        )
        assert AuditEvent.objects.filter(
            object_type="language_dismissal", client_id=cast.client.pk, actor_id=cast.river.pk
        ).exists()

    def test_the_words_are_not_stored_in_the_clear(self, cast, client):
        from django.db import connection

        set_aside(client, cast.river, cast.client, "labels.addict", "addict")
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM writing_dismissal")
            row = " ".join(str(v) for v in cursor.fetchone())
        assert "addict" not in row.replace("labels.addict", "")
        assert "CANARY-DISMISS-COMMENT" not in row

    def test_a_reason_is_required(self, client, cast):
        response = set_aside(client, cast.river, cast.client, "labels.addict", "addict", reason="")
        assert response.status_code == 422
        assert not Dismissal.objects.exists()

    def test_other_people_cannot_set_aside_on_this_record(self, client, cast):
        for user in [cast.colleague, cast.admin, cast.client_user, cast.outsider_therapist]:
            assert (
                set_aside(client, user, cast.client, "labels.addict", "addict").status_code == 404
            )
        assert not Dismissal.objects.exists()

    def test_without_javascript_a_page_of_its_own_with_nothing_clinical_in_the_address(
        self, client, cast
    ):
        note = draft_note(cast, agenda=FLAGGED)
        client.force_login(cast.river)
        page = client.get(reverse("notes:edit", args=[note.pk])).content.decode()
        links = re.findall(r'href="(/writing/set-aside/page/\?finding=[^"]+)"', page)
        assert len(links) == 2
        assert not any(word in link for link in links for word in ("addict", "claims", "labels"))
        url = links[1].replace("&amp;", "&")
        assert "addict" in client.get(url).content.decode()
        for user in [cast.colleague, cast.client_user, cast.admin]:
            client.force_login(user)
            assert client.get(url).status_code == 404
        client.force_login(cast.river)
        token = unquote(url.split("finding=", 1)[1])
        response = client.post("/writing/set-aside/page/", {"finding": token, "reason": "quote"})
        assert response.status_code == 302
        assert Dismissal.objects.get().rule == "labels.addict"
        damaged = client.get(url[:-6] + "AAAAAA")
        assert damaged.status_code == 404

    def test_the_practice_sees_counts_per_rule_and_never_the_words(self, client, cast):
        set_aside(client, cast.river, cast.client, "labels.addict", "addict")
        set_aside(
            client, cast.colleague, cast.other_client, "labels.addict", "addict", reason="quote"
        )
        set_aside(
            client, cast.river, cast.client, "credibility.claims", "claims", reason="accurate"
        )
        client.force_login(cast.admin)
        page = client.get("/practice/language/").content.decode()
        rows = re.findall(
            r"<tr>\s*<th scope=\"row\"><code>([^<]+)</code>.*?<td[^>]*>(\d+)</td>", page, re.S
        )
        assert rows == [("labels.addict", "2"), ("credibility.claims", "1")]
        assert "It&#x27;s the client&#x27;s own word: 1" in page
        assert "CANARY-DISMISS-COMMENT" not in page and "Canary" not in page


PACK = """
- id: practice.walk-in
  category: judgement
  severity: suggestion
  patterns: [walk-in]
  message: Say how the person came to us, not a label for them.
  suggestions: [came without an appointment]
  source: https://example.org/our-style-guide
  tests:
    flag: [She was a walk-in on Monday.]
    no-flag: [We went for a long walk.]
"""


@pytest.mark.django_db
class TestPracticeSettings:
    def save(self, client, cast, **fields):
        client.force_login(cast.admin)
        own = PracticeLanguage.objects.filter(practice=cast.practice).first()
        data = {"accept_list": "", "rule_pack": "", "version": own.version if own else 1, **fields}
        client.get("/practice/language/")
        return client.post("/practice/language/", data)

    def test_the_rules_box_points_at_the_example_on_the_page_not_only_at_a_file(self, client, cast):
        client.force_login(cast.admin)
        page = client.get("/practice/language/").content.decode()
        assert "start from the example above" in page and "(see RULES.md)" not in page

    def test_an_accept_list_turns_a_rule_off_for_the_practice(self, client, cast):
        assert self.save(client, cast, accept_list="credibility.claims\n").status_code == 302
        assert rules_in(check_as(client, cast.river, FLAGGED, cast.client)) == {"labels.addict"}

    def test_a_misspelt_rule_is_refused_next_to_the_field(self, client, cast):
        response = self.save(client, cast, accept_list="credibility.claim")
        assert response.status_code == 200
        assert "No rule is called &#x27;credibility.claim&#x27;." in response.content.decode()
        assert PracticeLanguage.objects.get().accept_list == ""

    def test_the_practice_can_add_its_own_rule(self, client, cast):
        assert self.save(client, cast, rule_pack=PACK).status_code == 302
        response = check_as(client, cast.river, "Ash was a walk-in.", cast.client)
        assert rules_in(response) == {"practice.walk-in"}
        assert "came without an appointment" in response.content.decode()

    @pytest.mark.parametrize(
        ("pack", "message"),
        [
            ("- id: [broken", "cannot read rules"),
            (
                PACK.replace("She was a walk-in on Monday.", "She came on Monday."),
                "should flag but doesn",
            ),
            (PACK.replace("severity: suggestion", "severity: loud"), "severity must be one of"),
            ("[]", "The pack holds no rules"),
        ],
    )
    def test_a_broken_pack_is_refused_with_the_reason(self, client, cast, pack, message):
        response = self.save(client, cast, rule_pack=pack)
        assert response.status_code == 200
        assert message in response.content.decode().replace("&#x27;", "'")
        assert PracticeLanguage.objects.get().rule_pack == ""

    def test_only_the_admin_reaches_the_settings(self, client, cast):
        for user in [cast.river, cast.sam, cast.client_user]:
            client.force_login(user)
            assert client.get("/practice/language/").status_code == 404


@pytest.mark.django_db
class TestRuleSourcesBecomeLinksOnlyWhenWebAddresses:
    """A practice's rule pack names a `source`; only an http(s) address becomes a link (a
    `javascript:` one would run in the therapist's page when followed)."""

    @pytest.mark.parametrize(
        "source",
        [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/x",
            "vbscript:msgbox(1)",
        ],
    )
    def test_any_other_source_is_shown_as_text(self, client, cast, source):
        pack = PACK.replace("https://example.org/our-style-guide", json.dumps(source))
        assert TestPracticeSettings().save(client, cast, rule_pack=pack).status_code == 302
        page = check_as(client, cast.river, "Ash was a walk-in.", cast.client).content.decode()
        assert "came without an appointment" in page
        assert "Where this comes from:" in page
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert not [h for h in hrefs if "script" in h.lower() or "evil" in h or "data:" in h]

    def test_a_web_address_is_a_link(self, client, cast):
        assert TestPracticeSettings().save(client, cast, rule_pack=PACK).status_code == 302
        page = check_as(client, cast.river, "Ash was a walk-in.", cast.client).content.decode()
        assert 'href="https://example.org/our-style-guide"' in page
