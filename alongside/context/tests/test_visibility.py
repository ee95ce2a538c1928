"""The scoping layer: who reads which rows, by role and by the client's choice."""

import pytest

from alongside.context.models import (
    Experience,
    Feedback,
    Formulation,
    MapEntry,
    Position,
    PowerReflection,
    Visibility,
)
from alongside.context.records import formulation_for
from alongside.context.tests import objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(cast):
    return {
        "private_entry": objects.map_entry(cast, visibility=Visibility.PRIVATE),
        "shared_entry": objects.map_entry(cast, visibility=Visibility.SUPERVISOR),
        "private_experience": objects.experience(cast, visibility=Visibility.PRIVATE),
        "shared_experience": objects.experience(cast, visibility=Visibility.SUPERVISOR),
    }


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_the_therapist_and_the_client_read_every_entry_whatever_the_choice(cast, rows):
    everything = {rows["private_entry"].pk, rows["shared_entry"].pk}
    assert _ids(MapEntry.objects.visible_to(cast.river)) == everything
    assert _ids(MapEntry.objects.visible_to(cast.client_user)) == everything
    experiences = {rows["private_experience"].pk, rows["shared_experience"].pk}
    assert _ids(Experience.objects.visible_to(cast.river)) == experiences
    assert _ids(Experience.objects.visible_to(cast.client_user)) == experiences


def test_the_supervisor_reads_only_what_the_client_shared_with_a_supervisor(cast, rows):
    assert _ids(MapEntry.objects.visible_to(cast.sam)) == {rows["shared_entry"].pk}
    assert _ids(Experience.objects.visible_to(cast.sam)) == {rows["shared_experience"].pk}


@pytest.mark.parametrize(
    "who",
    [
        "colleague",
        "other_supervisor",
        "admin",
        "superuser",
        "other_client_user",
        "outsider_therapist",
    ],
)
def test_nobody_else_reads_any_of_it(cast, rows, who):
    user = getattr(cast, who)
    assert not MapEntry.objects.visible_to(user).exists()
    assert not Experience.objects.visible_to(user).exists()


def test_anonymous_visitors_read_nothing(cast, rows):
    from django.contrib.auth.models import AnonymousUser

    assert not MapEntry.objects.visible_to(AnonymousUser()).exists()
    assert not Experience.objects.visible_to(AnonymousUser()).exists()


def test_only_therapist_and_client_may_change_entries(cast, rows):
    assert MapEntry.objects.editable_by(cast.river).count() == 2
    assert MapEntry.objects.editable_by(cast.client_user).count() == 2
    assert not MapEntry.objects.editable_by(cast.sam).exists()
    assert not MapEntry.objects.editable_by(cast.admin).exists()


def test_the_formulation_and_its_feedback_reach_a_supervisor_only_once_shared(cast):
    item = objects.feedback(cast)
    formulation = item.formulation
    assert not Formulation.objects.visible_to(cast.sam).exists()
    assert not Feedback.objects.visible_to(cast.sam).exists()
    formulation.visibility = Visibility.SUPERVISOR
    formulation.save()
    assert _ids(Formulation.objects.visible_to(cast.sam)) == {formulation.pk}
    assert _ids(Feedback.objects.visible_to(cast.sam)) == {item.pk}
    for who in ("colleague", "other_supervisor", "admin", "superuser", "other_client_user"):
        assert not Formulation.objects.visible_to(getattr(cast, who)).exists(), who
        assert not Feedback.objects.visible_to(getattr(cast, who)).exists(), who
    assert _ids(Feedback.objects.visible_to(cast.client_user)) == {item.pk}


def test_a_therapists_positionality_is_private_until_shared(cast):
    position = objects.position(cast)
    assert _ids(Position.objects.visible_to(cast.river)) == {position.pk}
    for who in ("sam", "client_user", "colleague", "admin", "other_client_user"):
        assert not Position.objects.visible_to(getattr(cast, who)).exists(), who
    position.share_with_supervisor = position.share_with_clients = True
    position.save()
    assert _ids(Position.objects.visible_to(cast.sam)) == {position.pk}
    assert _ids(Position.objects.visible_to(cast.client_user)) == {position.pk}
    assert not Position.objects.visible_to(cast.other_client_user).exists()
    assert not Position.objects.visible_to(cast.other_supervisor).exists()
    assert not Position.objects.visible_to(cast.admin).exists()


def test_a_power_reflection_is_the_therapists_alone(cast):
    reflection = PowerReflection.objects.create(client=cast.client, author=cast.river, text="x")
    assert _ids(PowerReflection.objects.visible_to(cast.river)) == {reflection.pk}
    for who in ("sam", "client_user", "colleague", "admin"):
        assert not PowerReflection.objects.visible_to(getattr(cast, who)).exists(), who


def test_formulation_for_makes_one_per_client(cast):
    assert formulation_for(cast.client) == formulation_for(cast.client)
