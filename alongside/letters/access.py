"""The doors to letters: the client record first (audited by open_client), then the letter
through its scoped queryset. "Not yours" and "not there" are the same 404."""

from django.http import Http404

from alongside.accounts.models import Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action, Outcome
from alongside.clients.access import open_client, open_own_record
from alongside.clients.models import Client
from alongside.letters.models import Letter, LetterTemplate


def open_letter(
    user: User,
    client_id: int,
    letter_id: int,
    *,
    write: bool = False,
    action: str = Action.VIEW,
) -> tuple[Client, Letter]:
    client = open_client(
        user, client_id, write=write, action=action, object_type="letter", object_id=letter_id
    )
    return client, _letter_of(user, client, letter_id, write=write, action=action)


def my_client(user: User, *, object_id: object = None, action: str = Action.VIEW) -> Client:
    """The signed-in client's own record, for portal views."""
    return open_own_record(user, action=action, object_type="letter", object_id=object_id)


def my_letter(
    user: User, letter_id: int, *, write: bool = False, action: str = Action.VIEW
) -> tuple[Client, Letter]:
    client = my_client(user, object_id=letter_id, action=action)
    return client, _letter_of(user, client, letter_id, write=write, action=action)


def _letter_of(user: User, client: Client, letter_id: int, *, write: bool, action: str) -> Letter:
    scope = Letter.objects.editable_by(user) if write else Letter.objects.visible_to(user)
    letter = scope.filter(client=client, pk=letter_id).select_related("client__practice").first()
    if letter is None:
        record(
            actor=user,
            action=action,
            object_type="letter",
            object_id=letter_id,
            client_id=client.pk,
            outcome=Outcome.DENIED,
        )
        raise Http404
    letter.client = client
    return letter


def open_template(user: User, template_id: int) -> LetterTemplate:
    """A template of the admin's own practice, else 404."""
    if getattr(user, "role", None) != Role.ADMIN or user.practice_id is None:
        raise Http404
    found = LetterTemplate.objects.filter(practice_id=user.practice_id, pk=template_id).first()
    if found is None:
        raise Http404
    return found
