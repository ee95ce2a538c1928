"""Annotations for the caseload: open prompts per client, in the caseload's one query."""

from django.db.models import Exists, OuterRef, Subquery

from alongside.core.fields import EncryptedCharField, EncryptedTextField
from alongside.measures.models import Flag, FlagKind

# What flag_annotations() gives a client with no open prompt.
NO_FLAGS = {
    "rupture_flag": None,
    "rupture_item": None,
    "rupture_comment": None,
    "rupture_session_date": None,
    "safety_flag": None,
    "has_open_prompt": False,
}


def flag_annotations() -> dict:
    """Per client: the newest open rupture prompt (its id, item and the client's comment,
    decrypted as the rows load) and whether a safety check-in is waiting. Subqueries, so the
    caseload stays one query however many clients there are."""
    open_flags = Flag.objects.filter(client=OuterRef("pk"), resolved_at__isnull=True)
    rupture = open_flags.filter(kind=FlagKind.RUPTURE).order_by("-created_at", "-id")
    safety = open_flags.filter(kind=FlagKind.SAFETY).order_by("-created_at", "-id")
    return {
        "rupture_flag": Subquery(rupture.values("pk")[:1]),
        "rupture_item": Subquery(rupture.values("item")[:1], output_field=EncryptedCharField()),
        "rupture_comment": Subquery(
            rupture.values("comment")[:1], output_field=EncryptedTextField()
        ),
        "rupture_session_date": Subquery(rupture.values("response__check_in__session__date")[:1]),
        "safety_flag": Subquery(safety.values("pk")[:1]),
        "has_open_prompt": Exists(open_flags),
    }
