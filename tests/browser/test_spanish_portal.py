"""In Spanish, at 360 px, axe on every page, with no English left: a text node (or a title,
aria-label, placeholder or alt) that is an English msgid of the app's strings, shown without
its Spanish translation, fails the test, naming the page and the text.

The pages: the sign-in page and its language switcher (with and without JavaScript), the
second-step page, the caseload, the client's portal home and the client's whole portal flow
(a note, a perspective, a check-in, the plan)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from alongside.measures.tests.conftest import make_check_in
from alongside.notes.models import Perspective
from alongside.notes.tests.helpers import signed_note
from alongside.plans.tests import objects as plan_objects
from conftest import PASSWORD
from tests.browser.conftest import PHONE, totp
from tests.catalogs import SHIPPED, read_po, regenerate

pytestmark = pytest.mark.browser

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden]")) continue;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      const value = (el.getAttribute(name) || "").replace(/\\s+/g, " ").trim();
      if (value) out.push(value);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> dict[str, str]:
    """Every msgid in the code and templates (a fresh makemessages), with its Spanish
    translation, or "" where there is none."""
    assert "es" in SHIPPED
    copy = regenerate(tmp_path_factory.mktemp("es-messages"))
    found: dict[str, str] = {}
    for po in copy.glob("**/locale/es/LC_MESSAGES/*.po"):
        found.update(read_po(po))
    return found


def english_left(page: Page, spanish: dict[str, str]) -> list[str]:
    return sorted(
        {
            text
            for text in page.evaluate(VISIBLE_TEXT)
            if text in spanish and spanish[text] != text  # an English msgid, shown as is
        }
    )


@pytest.fixture
def check(axe, spanish):
    def check(page: Page) -> None:
        expect(page.locator("html")).to_have_attribute("lang", "es")
        axe(page)
        left = english_left(page, spanish)
        assert not left, f"English left on {page.url}: {left}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, "sideways scroll"

    return check


def _sign_in(page: Page, axe, username: str, secret: str | None = None) -> None:
    """From a browser that has not chosen a language: the sign-in page is in the practice's
    default (English); from then on, the person's saved language."""
    page.goto("/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe(page)
    page.get_by_label("Sign-in name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if secret is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Escribe tu código")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        axe(page)
        page.get_by_label("Código").fill(totp(secret))
        page.get_by_role("button", name="Seguir").click()
    expect(page.get_by_role("button", name="Salir")).to_be_visible()


def test_the_switcher_turns_the_sign_in_page_spanish_by_keyboard_and_without_javascript(
    phone, _pages, axe, check, cast
):
    phone.goto("/sign-in/")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    axe(phone)
    switcher = phone.get_by_label("Language")
    switcher.focus()
    switcher.select_option("es")
    phone.keyboard.press("Tab")  # to "Change language"
    expect(phone.get_by_role("button", name="Change language")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Entrar")
    check(phone)

    # Without JavaScript the form still works. axe itself needs JavaScript, so these two
    # loads (the same pages axe checked above) are let off the axe-on-every-load rule.
    no_script = _pages.open({**PHONE, "java_script_enabled": False})
    no_script.goto("/sign-in/")
    no_script.get_by_label("Language").select_option("es")
    no_script.get_by_role("button", name="Change language").click()
    expect(no_script.get_by_role("heading", level=1)).to_have_text("Entrar")
    expect(no_script.locator("html")).to_have_attribute("lang", "es")
    _pages.unchecked[no_script] = []


def test_a_spanish_speaking_clients_portal_home_is_in_spanish(new_phone, axe, check, cast):
    cast.client_user.language = "es"
    cast.client_user.save(update_fields=["language"])
    ash = new_phone()
    _sign_in(ash, axe, "ash")
    expect(ash.get_by_role("heading", level=1)).to_have_text("Hola, Ash Canary")
    check(ash)


def test_a_spanish_speaking_therapists_caseload_is_in_spanish(
    new_phone, axe, check, second_factor, cast
):
    cast.river.language = "es"
    cast.river.save(update_fields=["language"])
    river = new_phone()
    _sign_in(river, axe, "river", second_factor(cast.river))
    expect(river.get_by_role("heading", level=1)).to_have_text("Tus clientes")
    check(river)


def test_a_spanish_speaking_client_does_the_whole_portal_flow_in_spanish(
    new_phone, axe, check, cast
):
    cast.client_user.language = "es"
    cast.client_user.save(update_fields=["language"])
    note = signed_note(cast, agenda="La carta de la oficina de vivienda")
    check_in = make_check_in(cast.client)
    plan_objects.goal(cast, title="Unirme al sindicato")
    ash = new_phone()
    _sign_in(ash, axe, "ash")
    check(ash)

    ash.goto(reverse("notes:my_notes"))
    check(ash)
    ash.goto(reverse("notes:my_note", args=[note.pk]))
    expect(ash.get_by_role("main")).to_contain_text("La carta de la oficina de vivienda")
    check(ash)
    ash.get_by_label("Mi perspectiva").fill("Me ayudó entender por qué me bloqueo.")
    ash.get_by_role("button", name="Guardar mi perspectiva").click()
    check(ash)
    assert Perspective.objects.get(note=note).text == "Me ayudó entender por qué me bloqueo."

    ash.goto(reverse("measures:mine"))
    check(ash)
    ash.goto(reverse("measures:answer", args=[check_in.pk]) + "?mode=all")
    check(ash)
    for name in ("safe", "heard", "respected", "power", "mattered", "overall"):
        ash.locator(f"input[name={name}][value='8']").check()
    ash.locator("button[name=action][value=send]").first.click()
    check(ash)
    check_in.refresh_from_db()
    assert check_in.status == "done"

    ash.goto(reverse("plans:my_plan"))
    expect(ash.get_by_role("main")).to_contain_text("Unirme al sindicato")
    check(ash)
