"""Words kept in module constants (the formulation hints, the power-map prompts, the map's
stale-edit message) are translated when shown, in the reader's language, not once at import."""

from django.utils import translation

from alongside.context.models import Section
from alongside.context.views.formulation import HINTS
from alongside.context.views.map import STALE
from alongside.context.views.power import PROMPTS


def test_the_constants_follow_the_language_active_when_they_are_shown():
    with translation.override("es"):
        assert str(HINTS[Section.HAPPENED]) == (
            "Poder: los hechos y las condiciones, con las palabras de la persona cliente."
        )
        assert str(STALE).startswith("Otra persona guardó esta parte del mapa")
        assert all(not str(prompt).startswith("Where") for prompt in PROMPTS)
    with translation.override("en"):
        assert str(HINTS[Section.HAPPENED]).startswith("Power: the events")
