"""The words for "waiting for the therapist" are read by therapists and clients alike."""

from django.utils import translation

from alongside.context.models import Feedback
from alongside.plans.models import PlanFeedback


def test_waiting_for_the_therapist_reads_the_same_in_spanish_on_the_plan_and_the_formulation():
    # Both apps ship this message; Django shows the first catalog's translation for both, so a
    # "your therapist" there once told therapists that they were waiting for their therapist.
    with translation.override("es"):
        assert str(PlanFeedback.Status.OPEN.label) == "Pendiente de respuesta"
        assert str(Feedback.Status.OPEN.label) == "Pendiente de respuesta"
