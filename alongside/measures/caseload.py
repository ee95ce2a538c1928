"""Open check-in prompts on the caseload: read for a page of clients in one query."""

from alongside.measures.models import Flag, FlagKind


def attach_open_prompts(clients: list) -> None:
    """Per client on the page: the newest open rupture prompt (its id, item, the client's
    comment and the session's date) and whether a safety check-in waits (its id). One query
    for the whole page, newest first, read after the page's rows: as subqueries of the rows'
    own query they made it several times dearer to build and to run."""
    by_id = {client.pk: client for client in clients}
    for client in clients:
        client.rupture_flag = client.safety_flag = client.rupture_session_date = None
        client.rupture_item = client.rupture_comment = ""
        client.has_open_prompt = False
    if not by_id:
        return
    open_flags = (
        Flag.objects.filter(client__in=list(by_id), resolved_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list(
            "client_id", "kind", "pk", "item", "comment", "response__check_in__session__date"
        )
    )
    for client_id, kind, pk, item, comment, session_date in open_flags:
        client = by_id[client_id]
        client.has_open_prompt = True
        if kind == FlagKind.SAFETY and client.safety_flag is None:
            client.safety_flag = pk
        elif kind == FlagKind.RUPTURE and client.rupture_flag is None:
            client.rupture_flag, client.rupture_item = pk, item
            client.rupture_comment, client.rupture_session_date = comment, session_date
