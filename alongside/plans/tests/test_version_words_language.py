"""A plan version's words are the same whoever saves, in whatever language: comparing two
versions shows what changed in the plan, not who was reading in Spanish."""

from datetime import date

from django.utils import translation

from alongside.plans.records import plan_words
from alongside.plans.tests import objects


def test_the_snapshot_does_not_depend_on_the_savers_language(cast):
    objects.goal(cast)
    step = objects.step(cast, by_when=date(2027, 3, 1), done=True)
    with translation.override("es"):
        in_spanish = plan_words(step.plan)
    with translation.override("en"):
        in_english = plan_words(step.plan)
    assert in_spanish == in_english
    assert "1 March 2027" in in_english[f"step:{step.pk}"]
