"""The demo has appointments to look at: a weekly series for Ash, and River's working week."""

from alongside.appointments.models import Appointment, Status, WorkingHours
from alongside.demo.seed import seed


def test_the_demo_seeds_a_recurring_series_for_ash_with_river(db):
    seed()
    ash = Appointment.objects.filter(client__user__username="ash", therapist__username="river")
    assert ash.count() == 7  # eight weeks, one left out
    assert ash.values("series").distinct().count() == 1
    assert Appointment.objects.filter(status=Status.REQUESTED).count() == 1
    assert WorkingHours.objects.filter(therapist__username="river").count() == 5
