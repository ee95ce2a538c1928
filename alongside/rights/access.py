"""The client's own record for portal views: scoped and audited by open_client."""

from django.http import Http404

from alongside.accounts.models import Role
from alongside.audit.models import Action
from alongside.clients.access import open_client
from alongside.clients.models import Client


def my_record(user, *, action=Action.VIEW, object_type="record"):
    if getattr(user, "role", None) != Role.CLIENT:
        raise Http404
    mine = Client.objects.visible_to(user).values_list("pk", flat=True).first()
    if mine is None:
        raise Http404
    return open_client(user, mine, action=action, object_type=object_type)
