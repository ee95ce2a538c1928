"""The client's own record for portal views: scoped and audited by open_client."""

from alongside.accounts.models import User
from alongside.audit.models import Action
from alongside.clients.access import open_own_record
from alongside.clients.models import Client


def my_record(user: User, *, action: str = Action.VIEW, object_type: str = "record") -> Client:
    return open_own_record(user, action=action, object_type=object_type)
