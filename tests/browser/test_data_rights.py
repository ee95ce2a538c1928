"""Data rights in Chromium on a phone (360px): Ash downloads everything held about him (the
PDF and the FHIR package), then asks for a correction. Every page is checked with axe."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alongside.notes.tests import helpers as notes_objects
from alongside.rights.models import Correction
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def _confirm_if_asked(page):
    """Sign-in counts as confirming; if the page asks anyway, answer with the password."""
    if page.get_by_role("heading", level=1).inner_text().startswith("Confirm"):
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()


def test_a_client_downloads_everything_from_a_phone(phone, axe, sign_in, cast):
    notes_objects.cast_note(cast)
    ash = phone
    sign_in(ash, "ash", PASSWORD)
    ash.get_by_role("link", name="Download everything we hold about you").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Everything we hold about you")
    axe(ash)
    expect(ash.get_by_text("private reflections", exact=False).first).to_be_visible()

    with ash.expect_download() as pdf:
        ash.get_by_role("link", name="A document to read (PDF)").click()
    assert pdf.value.suggested_filename == "my-record.pdf"
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"

    with ash.expect_download() as package:
        ash.get_by_role("link", name="Files for another service (ZIP)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(package.value.path()).read_bytes()))
    assert sorted(archive.namelist()) == ["README.txt", "bundle.json", "record.json"]
    bundle = json.loads(archive.read("bundle.json"))
    patient = bundle["entry"][0]["resource"]
    assert patient["resourceType"] == "Patient" and patient["name"][0]["text"] == "Ash Canary"
    assert notes_objects.CANARY_REFLECTION not in archive.read("bundle.json").decode()

    ash.get_by_role("link", name="Ask for a correction").click()
    expect(ash.get_by_role("heading", level=1)).to_have_text("Ask for a correction")
    axe(ash)
    ash.get_by_label("Your details").check()
    ash.get_by_label("What is wrong, and what it should say").fill("My pronouns are he/they.")
    ash.get_by_role("button", name="Send").click()
    expect(ash.get_by_text("Sent. Your therapist will answer")).to_be_visible()
    axe(ash)
    assert Correction.objects.get().text == "My pronouns are he/they."
    width = ash.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360px ({width}px)"


def test_the_therapist_answers_a_correction_and_the_client_reads_it(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    Correction.objects.create(client=cast.client, part="profile", text="My pronouns are he/they.")
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/")
    axe(river)
    river.get_by_role("link", name="Data rights: corrections, ending the work, erasure").click()
    expect(river.get_by_role("heading", level=1)).to_have_text("Data rights: Ash Canary")
    axe(river)
    river.get_by_label("Decline: the record stays as it is").check()
    river.get_by_label("What you changed, or why you are not changing it").fill(
        "Changed on your profile page instead: he/they."
    )
    river.get_by_role("button", name="Send answer").click()
    expect(river.get_by_text("Answered. The client can read your answer.")).to_be_visible()
    axe(river)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto("/my/everything/")
    expect(ash.get_by_text("Changed on your profile page instead: he/they.")).to_be_visible()
    axe(ash)
