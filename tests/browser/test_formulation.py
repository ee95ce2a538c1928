"""The collaborative formulation end to end in Chromium, axe on every page: River writes a
section, Ash comments and proposes a change from a phone, River sees it as "new from client"
and accepts it. And the power map: an accessible picture with a table equivalent."""

import pytest
from playwright.sync_api import expect

from alongside.context.models import Dimension, Feedback, MapEntry, Position
from alongside.context.records import formulation_for, sections_of
from alongside.context.vocab import ensure_shipped
from conftest import PASSWORD

pytestmark = pytest.mark.browser

FIRST = "Ash's repair requests were ignored for five months."
PROPOSED = "I asked five times. They ignored me because of who I am."


@pytest.fixture(autouse=True)
def vocabularies(transactional_db):
    # The live server's tests flush the database, data migrations' rows included.
    ensure_shipped()


def test_a_section_is_written_commented_on_changed_by_the_client_and_accepted(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    therapist = desktop
    sign_in(therapist, "river", PASSWORD, second_factor(cast.river))
    therapist.goto(f"/clients/{cast.client.pk}/")
    axe(therapist)
    therapist.get_by_role("link", name="Formulation", exact=True).first.click()
    expect(therapist.get_by_role("heading", level=1)).to_contain_text("Formulation")
    axe(therapist)
    therapist.get_by_role("link", name="Write or change “What has happened to you?”").click()
    axe(therapist)
    therapist.get_by_label("What has happened to you?").fill(FIRST)
    therapist.get_by_role("button", name="Save as a new version").click()
    expect(therapist.get_by_role("status")).to_contain_text("Saved as a new version")
    expect(therapist.locator("#section-happened")).to_contain_text(FIRST)
    axe(therapist)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto("/my/formulation/")
    expect(ash.get_by_role("heading", level=1)).to_have_text("Your story")
    expect(ash.locator("#section-happened")).to_contain_text(FIRST)
    axe(ash)
    ash.locator("#section-happened").get_by_role("link", name="Comment").click()
    axe(ash)
    # A plain comment has no box for new words (that is for a proposed change).
    expect(ash.get_by_label("How you would write it")).to_have_count(0)
    ash.get_by_label("What you want to say").fill("Thank you for writing it down.")
    ash.get_by_role("button", name="Send").click()
    expect(ash.get_by_role("status")).to_contain_text("Your therapist will see it")
    axe(ash)
    ash.locator("#section-happened").get_by_role("link", name="Suggest a change").click()
    axe(ash)
    expect(ash.get_by_role("link", name="Proposed change")).to_have_attribute(
        "aria-current", "page"
    )
    ash.get_by_label("How you would write it").fill(PROPOSED)
    ash.get_by_role("button", name="Send").click()
    expect(ash.get_by_role("status")).to_contain_text("Your therapist will see it")
    # Until River answers, both views stand side by side.
    side = ash.locator("#section-happened .side-by-side")
    expect(side).to_contain_text(FIRST)
    expect(side).to_contain_text(PROPOSED)
    axe(ash)

    therapist.goto("/clients/")
    row = therapist.get_by_role("listitem").filter(has_text="Ash Canary")
    expect(row).to_contain_text("2 new from client")
    axe(therapist)
    row.get_by_role("link", name="Ash Canary").click()
    axe(therapist)
    therapist.get_by_role("link", name="proposed a change to the formulation").click()
    expect(therapist.locator("#section-happened")).to_contain_text("Thank you for writing it down.")
    axe(therapist)
    therapist.locator("#section-happened").get_by_role("link", name="Accept or answer").click()
    axe(therapist)
    therapist.get_by_role("button", name="Accept the client's words").click()
    expect(therapist.get_by_role("status")).to_contain_text("Accepted")
    expect(therapist.locator("#section-happened")).to_contain_text(PROPOSED)
    axe(therapist)

    section = sections_of(formulation_for(cast.client))["happened"]
    assert (section.text, section.version) == (PROPOSED, 2)
    assert Feedback.objects.get(kind="proposal").status == "accepted"
    therapist.get_by_role("link", name="Versions and changes").click()
    expect(therapist.locator(".diff ins", has_text="asked").first).to_be_visible()
    axe(therapist)


def test_the_power_map_passes_axe_and_has_a_text_equivalent(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    for code, client_lived, therapist_lived in [
        ("gender", "marginalisation", "privilege"),
        ("socioeconomic", "marginalisation", "privilege"),
        ("ethnicity", "privilege", "privilege"),
    ]:
        dimension = Dimension.objects.get(code=code)
        MapEntry.objects.create(client=cast.client, dimension=dimension, lived_as=client_lived)
        Position.objects.create(
            therapist=cast.river,
            dimension=dimension,
            lived_as=therapist_lived,
            share_with_clients=True,
        )
    sign_in(desktop, "river", PASSWORD, second_factor(cast.river))
    desktop.goto(f"/clients/{cast.client.pk}/power-map/")
    picture = desktop.get_by_role("img", name="Power map: Ash Canary and their therapist")
    expect(picture).to_be_visible()
    table = desktop.get_by_role("table", name="The power map in words")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="Gender")).to_contain_text(
        "Therapist holds privilege the client does not"
    )
    axe(desktop)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto("/my/power-map/")
    expect(ash.get_by_role("table", name="The power map in words")).to_be_visible()
    axe(ash)
