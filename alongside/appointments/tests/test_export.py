"""Appointments are part of "everything we hold about you"."""

from alongside.appointments import records
from alongside.appointments.tests.objects import appointment


def test_the_clients_copy_of_their_record_holds_their_appointments(cast):
    from alongside.core.export_registry import parts

    item = appointment(cast)
    records.cancel(cast.client_user, item, by="client", reason="Work shift")
    (mine,) = [p for p in parts(cast.client, cast.client_user) if p.key == "appointments"]
    (row,) = mine.data["appointments"]
    assert (row["cancelled_by"], row["reason"]) == ("client", "Work shift")
    assert [p for p in parts(cast.other_client, cast.client_user) if p.key == "appointments"] == []
