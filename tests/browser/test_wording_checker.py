"""The wording checker in the note editor, in Chromium with axe: River types, findings appear
beside the text with the why and alternatives, she sets one aside (it goes, and the practice
admin sees it counted), and the note still saves with the other wording in it."""

import re

import pytest
from playwright.sync_api import expect

from alongside.notes.tests.helpers import draft_note
from alongside.writing.models import Dismissal
from conftest import PASSWORD

pytestmark = pytest.mark.browser

TYPED = "Ash claims the council ignored him. He is an addict and refused the plan."


def test_findings_appear_while_typing_and_one_can_be_set_aside(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    note = draft_note(cast, agenda="", meanings="")
    river = new_phone()
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/notes/{note.pk}/edit/")
    axe(river)
    agenda = river.get_by_label("The client's agenda, in their own words")
    agenda.press_sequentially(TYPED, delay=5)
    region = river.locator("#id_agenda_language")
    expect(region).to_contain_text("Wording check: 3 things to look at", timeout=10_000)
    expect(region).to_contain_text("You could write: “reports”")
    # A screen reader hears the count with the field.
    expect(agenda).to_have_accessible_description(re.compile("Wording check: 3 things"))
    axe(river)

    addict = region.locator("li", has_text="“addict”")
    # With JavaScript the no-script link gives way to controls beside the text.
    expect(addict.get_by_role("link", name="Not right here? Set it aside")).to_be_hidden()
    addict.locator("summary", has_text="Not right here? Set it aside").click()
    addict.get_by_label("It's the client's own word").check()
    addict.get_by_role("button", name="Set aside").click()
    expect(region).to_contain_text("Wording check: 2 things to look at", timeout=10_000)
    expect(region).not_to_contain_text("“addict”")
    axe(river)
    assert Dismissal.objects.get().rule == "labels.addict"
    assert river.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Saving is never blocked; after the save the page shows what is still there.
    river.get_by_role("button", name="Save draft", exact=True).click()
    expect(river.locator("#id_agenda_language")).to_contain_text("2 things to look at")
    axe(river)
    note.refresh_from_db()
    assert note.agenda == TYPED

    admin = desktop
    sign_in(admin, "admin", PASSWORD, second_factor(cast.admin))
    admin.get_by_role("link", name="Wording checker").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Wording checker")
    axe(admin)
    table = admin.get_by_role("table", name="Rules set aside, most often first")
    expect(table.get_by_role("row", name="labels.addict")).to_contain_text(
        "It's the client's own word: 1"
    )
    expect(admin.get_by_role("main")).not_to_contain_text("Ash")


def test_the_sign_page_shows_the_findings_again_and_still_signs(
    new_phone, axe, sign_in, second_factor, cast
):
    cast.client.own_terms = "addict"
    cast.client.save()
    note = draft_note(cast, agenda="Ash claims the council ignored him. He is an addict.")
    river = new_phone()
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/notes/{note.pk}/sign/")
    review = river.get_by_role("region", name="Wording check before you sign")
    expect(review).to_contain_text("The checker found 1 thing to look at. You can still sign")
    expect(review).to_contain_text("You could write: “reports”")
    expect(review).to_contain_text("Not flagged: “addict” is Ash Canary’s own word.")
    axe(river)
    assert river.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    river.get_by_role("button", name="Sign and lock").click()
    expect(river.get_by_text("Signed.")).to_be_visible()
    axe(river)
    note.refresh_from_db()
    assert note.is_signed
