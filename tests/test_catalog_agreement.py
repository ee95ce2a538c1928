"""One message, one translation. Django merges every app's catalog into one and, for a
message two apps both ship, shows the first app's translation everywhere (INSTALLED_APPS
order). When the two translations differ, one app's pages silently show the other's words:
"invitó" (audit's verb) as an account's status, "Clave" (the sign-in key) as the legend of a
comparison, "Responder" (a button) as the label of an answer. Give such a message a context
(`{% translate "Key:" context "..." %}`, `pgettext`) or the same translation in each app."""

import gettext
from collections import defaultdict

import pytest

from tests.catalogs import ROOT, SHIPPED

# Messages allowed to disagree, by language: none. The 22 found on 7 December 2026 were
# settled (same meaning, one translation; a different meaning, its own context).
KNOWN: dict[str, set[str]] = {}


def disagreements(code: str) -> dict[str, dict[str, str]]:
    by_message: dict[str, dict[str, str]] = defaultdict(dict)
    for mo in sorted(ROOT.glob(f"*/locale/{code}/LC_MESSAGES/django.mo")):
        catalog = gettext.GNUTranslations(mo.open("rb"))._catalog  # type: ignore[attr-defined]
        for key, text in catalog.items():
            if key:  # the header
                by_message[key][mo.parents[3].name] = text
    return {str(key): apps for key, apps in by_message.items() if len(set(apps.values())) > 1}


@pytest.mark.parametrize("code", SHIPPED)
def test_no_new_message_is_translated_two_ways_in_two_apps(code):
    found = disagreements(code)
    new = {key: apps for key, apps in found.items() if key not in KNOWN.get(code, set())}
    assert not new, f"translated differently by two apps ({code}): {new}"


@pytest.mark.parametrize("code", SHIPPED)
def test_the_list_of_known_disagreements_only_shrinks(code):
    settled = KNOWN.get(code, set()) - set(disagreements(code))
    assert not settled, f"no longer translated two ways, take off KNOWN: {settled}"


def test_words_that_mean_two_things_read_right_in_each_place():
    """Settled with a context: one English word, two meanings, so two Spanish words."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from alongside.notes.models import Barrier as SessionBarrier
    from alongside.notes.models import Session
    from alongside.plans.models import Step
    from alongside.resources.models import Barrier as ReferralBarrier

    with translation.override("es"):
        fees = render_to_string(
            "resources/_how_to_reach.html", {"service": SimpleNamespace(fees_description="0")}
        )
        assert "<dt>Precio</dt>" in fees  # what a service charges
        assert SessionBarrier.COST.label == ReferralBarrier.COST.label == "Costo"  # a barrier
        # A missed session: what kept the client away; a plan's step: what made it harder.
        assert Session._meta.get_field("barrier").verbose_name == "qué lo impidió"
        assert Step._meta.get_field("in_the_way").verbose_name == "qué lo dificultó"
