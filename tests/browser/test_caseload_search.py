"""Finding a client by name in Chromium, on the caseload and on the supervision page.

River types part of a name, in any case and without its accents, into "Find a client by
name" and sees only her clients that match; a colleague's client with a matching name never
shows. Sam, her supervisor, does the same from the supervision page and sees River's clients,
never the colleague's. What was typed goes in the POST body, never in the address; axe checks
every page.
"""

import pytest
from playwright.sync_api import Page, expect

from alongside.clients.models import Client
from conftest import PASSWORD

pytestmark = pytest.mark.browser


def find(page: Page, typed: str) -> None:
    page.get_by_label("Find a client by name").fill(typed)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a client")


def found(page: Page) -> list[str]:
    return page.locator("#found-h + ul a").all_inner_texts()


def test_a_therapist_and_her_supervisor_find_clients_by_part_of_a_name(
    desktop, new_desktop, axe, sign_in, second_factor, cast
):
    for name in ("Zoë Núñez", "Zoe Okafor", "Chloé Martin"):
        Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name=name)
    # The colleague's client matches too, but is outside River's and Sam's scope.
    Client.objects.create(
        practice=cast.practice, therapist=cast.colleague, chosen_name="Zoë Hidden"
    )

    river = desktop
    sign_in(river, "river", PASSWORD, second_factor(cast.river))
    river.goto("/clients/")
    expect(river.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe(river)
    find(river, "ZOE")  # capitals and no accent: still Zoë
    assert sorted(found(river)) == ["Zoe Okafor", "Zoë Núñez"]
    expect(river.get_by_role("heading", name="2 clients found")).to_be_visible()
    assert river.url.endswith("/clients/search/")  # what was typed is not in the address
    axe(river)
    find(river, "nun")  # the start of the second word, its ñ typed as n
    assert found(river) == ["Zoë Núñez"]
    find(river, "canary")
    assert found(river) == ["Ash Canary"]  # the colleague's Noor Canary is not River's
    find(river, "hidden")
    assert found(river) == []
    expect(river.get_by_text("Nobody you can see has a name starting like that.")).to_be_visible()
    axe(river)

    sam = new_desktop()
    sign_in(sam, "sam", PASSWORD, second_factor(cast.sam))
    sam.goto("/clients/supervision/")
    expect(sam.get_by_role("heading", level=1)).to_have_text("Supervision")
    axe(sam)
    find(sam, "zo")
    assert sorted(found(sam)) == ["Zoe Okafor", "Zoë Núñez"]
    expect(sam.get_by_text("works with River").first).to_be_visible()
    assert sam.url.endswith("/clients/search/")
    axe(sam)
    find(sam, "chloe")
    assert found(sam) == ["Chloé Martin"]
    find(sam, "noor")
    assert found(sam) == []
    axe(sam)
