"""The client's own record for portal views: scoped and audited by open_client."""

from alongside.audit.models import Action
from alongside.clients.access import open_own_record


def my_record(user, *, action=Action.VIEW, object_type="record"):
    return open_own_record(user, action=action, object_type=object_type)
