"""A plan step may point at a resource or referral shared with the same client, shown with
how to reach it on both sides of the plan; never at anyone else's."""

import pytest
from django.urls import reverse

from alongside.plans.models import Step
from alongside.plans.tests import objects
from alongside.resources.tests import objects as resources_objects

pytestmark = pytest.mark.django_db


def _step_form(**extra):
    return {"what": "Ring the advice line", "who": "client", "version": "1", **extra}


def test_the_therapist_points_a_step_at_the_clients_referral_and_both_see_how_to_reach_it(
    client, cast
):
    referral = resources_objects.tracked_referral(cast)
    objects.plan(cast)
    client.force_login(cast.river)
    url = reverse("plans:step_add", args=[cast.client.pk])
    form_page = client.get(url).content.decode()
    assert "Tenants&#x27; Union Advice Line" in form_page
    response = client.post(url, _step_form(referral=referral.pk))
    assert response.status_code == 302
    step = Step.objects.get()
    assert step.referral == referral

    page = client.get(reverse("plans:plan", args=[cast.client.pk])).content.decode()
    assert reverse("resources:referral", args=[cast.client.pk, referral.pk]) in page
    assert "tel:020%207946%200001" in page

    client.force_login(cast.client_user)
    mine = client.get(reverse("plans:my_plan")).content.decode()
    assert reverse("resources:my_referral", args=[referral.pk]) in mine
    assert "020 7946 0001" in mine and "How to reach them" in mine


def test_a_step_can_not_point_at_another_clients_referral(client, cast):
    theirs = resources_objects.referral(cast, client=cast.other_client)
    step = objects.step(cast)
    client.force_login(cast.client_user)
    url = reverse("plans:my_step_edit", args=[step.pk])
    assert "Tenants&#x27; Union" not in client.get(url).content.decode()
    response = client.post(url, _step_form(referral=theirs.pk, version=str(step.version)))
    assert response.status_code == 200  # the form again, with the error
    step.refresh_from_db()
    assert step.referral is None


def test_the_model_refuses_another_clients_referral_too(cast):
    from django.core.exceptions import ValidationError

    step = objects.step(cast)
    step.referral = resources_objects.referral(cast, client=cast.other_client)
    with pytest.raises(ValidationError):
        step.full_clean()


def test_a_step_keeps_going_when_its_referral_is_removed(cast):
    referral = resources_objects.referral(cast)
    step = objects.step(cast)
    Step.objects.filter(pk=step.pk).update(referral=referral)
    referral.delete()
    step.refresh_from_db()
    assert step.referral is None
