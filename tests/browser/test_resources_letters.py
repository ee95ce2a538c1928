"""Resources and letters end to end in Chromium, axe on every page. River finds a resource
by need and language and shares it; Ash sees it on a phone, agrees to follow it up and
closes it with a reason. River drafts a letter; Ash picks a fact and approves it on the
phone; River finalises it and downloads the PDF. And a withdrawal stops a letter."""

import pytest
from playwright.sync_api import expect

from alongside.context.models import Experience, LifeDomain
from alongside.context.vocab import ensure_shipped
from alongside.letters.models import Letter, Stage
from alongside.resources.build import add_service
from alongside.resources.models import Barrier, Referral, Status
from conftest import PASSWORD

pytestmark = pytest.mark.browser

FACT = "Black mould in the bedroom since last winter."


@pytest.fixture(autouse=True)
def directory(transactional_db, cast):
    ensure_shipped()  # the live server's tests flush the database, vocabularies included
    add_service(
        cast.practice,
        "Tenants' Union Advice Line",
        organization="Riverside Tenants' Union",
        needs=["housing", "legal"],
        tags=["free"],
        languages=["English", "Arabic"],
        areas=["Riverside"],
        phone="020 7946 0101",
        hours="Mondays, 10am to 4pm",
    )
    add_service(cast.practice, "Polish Advice Centre", needs=["housing"], languages=["Polish"])
    add_service(cast.practice, "Food Co-op", needs=["food"], languages=["Arabic"])
    Experience.objects.create(
        client=cast.client,
        title="Damp flat",
        domain=LifeDomain.objects.get(code="housing"),
        what_happened=FACT,
    )


def test_a_resource_is_found_shared_and_closed_with_a_reason(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/")
    axe(river)
    river.get_by_role("link", name="Community resources and referrals").click()
    axe(river)
    river.get_by_role("link", name="Find a resource to share").click()
    axe(river)
    river.get_by_label("Need", exact=True).select_option(label="Housing")
    river.get_by_label("Language offered").select_option("Arabic")
    river.get_by_role("button", name="Search", exact=True).click()
    expect(river.get_by_role("heading", name="1 resource")).to_be_visible()
    expect(river.get_by_text("Polish Advice Centre")).to_have_count(0)
    axe(river)
    river.get_by_role("link", name="Share with Ash Canary").click()
    axe(river)
    river.get_by_label("a note for the client").fill(
        "They helped someone with a landlord like yours."
    )
    river.get_by_role("button", name="Share").click()
    expect(river.get_by_role("status")).to_contain_text("Shared with Ash Canary")
    axe(river)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.get_by_role("link", name="For you").first.click()
    axe(ash)
    ash.get_by_role("link", name="Tenants' Union Advice Line").click()
    expect(ash.get_by_role("link", name="020 7946 0101")).to_be_visible()
    expect(ash.get_by_text("a landlord like yours")).to_be_visible()
    axe(ash)
    ash.get_by_role("button", name="Yes, follow this with me").click()
    expect(ash.get_by_role("status")).to_contain_text("Your therapist will follow this")
    axe(ash)
    ash.get_by_role("radio", name="Didn't work out").check()
    ash.get_by_label("if it didn't work out, why?").select_option(label="Waiting list")
    ash.get_by_role("button", name="Save").click()
    expect(ash.get_by_role("status")).to_contain_text("Your therapist can see")
    axe(ash)

    referral = Referral.objects.get(client=cast.client)
    assert referral.status == Status.DIDNT_WORK_OUT and referral.barrier == Barrier.WAITING_LIST
    river.goto(f"/clients/{cast.client.pk}/resources/")
    expect(river.get_by_role("listitem").filter(has_text="Tenants")).to_contain_text("Waiting list")
    axe(river)


def test_a_letter_is_drafted_approved_on_a_phone_finalised_and_downloaded(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/")
    axe(river)
    river.get_by_role("link", name="Advocacy letters").click()
    axe(river)
    river.get_by_role("link", name="Start a letter").click()
    axe(river)
    river.get_by_label("Kind of letter").select_option(label="Housing: repairs")
    river.get_by_label("to whom").fill("Riverside Council, Housing Repairs")
    river.get_by_label("what it is for").fill("repairs to the damp bedroom")
    river.get_by_role("button", name="Start the draft").click()
    expect(river.get_by_role("status")).to_contain_text("Draft started")
    axe(river)
    river.get_by_role("button", name="Save").click()
    axe(river)
    river.get_by_role("button", name="Send to the client to review").click()
    expect(river.get_by_role("status")).to_contain_text("Sent to the client")
    axe(river)

    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.get_by_role("link", name="Letters", exact=True).first.click()
    axe(ash)
    ash.get_by_role("link", name="Housing: repairs").click()
    expect(ash.locator(".letter-text")).to_contain_text("Riverside Council, Housing Repairs")
    expect(ash.locator(".letter-text")).not_to_contain_text(FACT)
    axe(ash)
    ash.get_by_role("checkbox", name=FACT, exact=False).check()
    ash.get_by_role("button", name="Put these in the letter").click()
    expect(ash.locator(".letter-text")).to_contain_text(FACT)
    axe(ash)
    ash.get_by_label("I have read this letter").check()
    ash.get_by_role("button", name="Approve the letter").click()
    expect(ash.get_by_role("status")).to_contain_text("Your therapist can now finalise")
    axe(ash)

    letter = Letter.objects.get(client=cast.client)
    river.goto(f"/clients/{cast.client.pk}/letters/{letter.pk}/")
    axe(river)
    river.get_by_role("button", name="Finalise").click()
    expect(river.get_by_role("status")).to_contain_text("Finalised")
    axe(river)
    with river.expect_download() as download:
        river.get_by_role("link", name="Download the PDF").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    letter.refresh_from_db()
    assert letter.stage == Stage.FINALISED and FACT in letter.final_text


def test_withdrawing_consent_on_a_phone_stops_the_letter(
    desktop, new_phone, axe, sign_in, second_factor, cast
):
    from alongside.letters import records
    from alongside.letters.tests.objects import approved

    letter = approved(cast)
    ash = new_phone()
    sign_in(ash, "ash", PASSWORD)
    ash.goto(f"/my/letters/{letter.pk}/")
    axe(ash)
    ash.get_by_role("button", name="Withdraw my consent").click()
    expect(ash.get_by_role("status")).to_contain_text("Your consent is withdrawn")
    axe(ash)

    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto(f"/clients/{cast.client.pk}/letters/{letter.pk}/")
    expect(river.get_by_text("The client withdrew their consent on")).to_be_visible()
    expect(river.get_by_role("button", name="Finalise")).to_have_count(0)
    axe(river)
    letter.refresh_from_db()
    assert letter.stage == Stage.WITHDRAWN and records.why_not_final(letter)
