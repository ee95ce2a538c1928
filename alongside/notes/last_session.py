"""Each client's last session date (Client.last_session_on), kept true as sessions change.

The caseload and the supervisor's view order a large caseload by it through an index, where
asking every client's sessions for their latest grew with the caseload. Every save and
delete of a session through the ORM sets it again from that client's sessions (a date can be
moved back, a session deleted); whatever writes sessions past the ORM's signals (bulk_create,
raw SQL) calls `refresh` for the clients it touched.
"""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save

from alongside.clients.models import Client
from alongside.notes.models import Session


def refresh(clients=None) -> int:
    """Set the last session date of `clients` (a queryset; None: every client) from their
    sessions, in one UPDATE. Returns how many clients it set."""
    latest = (
        Session.objects.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(last=Max("date"))
        .values("last")
    )
    clients = Client.objects.all() if clients is None else clients
    return clients.update(last_session_on=Subquery(latest))


def on_session_changed(sender, instance, **kwargs):
    refresh(Client.objects.filter(pk=instance.client_id))


def keep_in_step() -> None:
    post_save.connect(on_session_changed, sender=Session, dispatch_uid="notes_last_session_save")
    post_delete.connect(
        on_session_changed, sender=Session, dispatch_uid="notes_last_session_delete"
    )
