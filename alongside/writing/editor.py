"""Wiring the checker into clinical textareas: marked fields check as the therapist types
(htmx, debounced) and show what was found when the page is drawn, e.g. after a save.

A textarea opts in with the widget attribute data-language-check="on". Only staff forms
set it: what clients write in the portal is theirs and is never checked.
"""

import json

from django.template.loader import render_to_string
from django.urls import reverse

from alongside.clients.access import may_write
from alongside.core.scope import opened_client, request_user

SOURCE = "language_source"
CLIENT = "language_client"
CHECK_DELAY = "800ms"


def is_checked(widget) -> bool:
    return widget.attrs.get("data-language-check") == "on"


def region_id(bound_field) -> str:
    return f"{bound_field.auto_id}_language"


def checker_attrs(bound_field) -> dict:
    """htmx attributes that send this textarea's text for checking after a pause in typing."""
    client = opened_client()
    values = {SOURCE: bound_field.html_name, "language_region": region_id(bound_field)}
    if client is not None:
        values[CLIENT] = str(client.pk)
    return {
        "hx-post": reverse("writing:check"),
        "hx-trigger": f"input changed delay:{CHECK_DELAY}",
        "hx-target": f"#{region_id(bound_field)}",
        "hx-swap": "innerHTML",
        "hx-sync": "this:replace",
        "hx-vals": json.dumps(values),
    }


def render_region(bound_field) -> str:
    """The findings box beside a checked textarea, filled from its current value."""
    from alongside.writing.checking import findings_for

    client = opened_client()
    practice = getattr(request_user(), "practice", None)
    text = bound_field.value() or ""
    silenced: list = []
    findings = (
        findings_for(text, client=client, practice=practice, silenced=silenced)
        if isinstance(text, str)
        else []
    )
    context = findings_context(
        findings,
        region=region_id(bound_field),
        source=bound_field.html_name,
        client=client,
        silenced=silenced,
        can_set_aside=client is not None and may_write(request_user(), client),
    )
    return render_to_string("writing/_region.html", context)


def findings_context(
    findings, *, region: str, source: str, client=None, silenced=(), can_set_aside=False
) -> dict:
    """Each finding with what its "set aside" button sends (JSON, escaped by the template),
    and a quiet line for each word the client's own words or preference kept unflagged.
    The button only for whoever may change the record (`can_set_aside`)."""
    from alongside.writing.models import DismissReason

    items = []
    for number, finding in enumerate(findings):
        slot = f"{region}_{number}"
        values = {
            "lc_slot": slot,
            "lc_rule": finding.rule,
            "lc_phrase": finding.text,
            SOURCE: source,
            CLIENT: str(client.pk) if client is not None else "",
            "language_region": region,
        }
        token = finding_token(client, finding) if can_set_aside else ""
        items.append(
            {"finding": finding, "slot": slot, "values": json.dumps(values), "token": token}
        )
    return {
        "items": items,
        "region": region,
        "client": client,
        "can_set_aside": can_set_aside,
        "reasons": DismissReason.choices,
        "silenced": silenced_lines(silenced),
    }


def silenced_lines(silenced) -> list[dict]:
    """What was not flagged and why, once per wording ("addict" twice is one line)."""
    seen, lines = set(), []
    for finding, reason in silenced or ():
        key = (finding.text.lower(), reason)
        if key not in seen:
            seen.add(key)
            lines.append({"text": finding.text, "reason": reason})
    return lines


def finding_token(client, finding) -> str:
    """An opaque handle for the no-JavaScript "set aside" link: the flagged words are
    clinical text and never go into a URL in the clear."""
    from alongside.core.crypto import keyring

    data = {"client": client.pk, "rule": finding.rule, "phrase": finding.text}
    return keyring().encrypt(json.dumps(data))


def read_finding_token(token: str) -> dict | None:
    from alongside.core.crypto import decrypt

    try:
        data = json.loads(decrypt(token))
    except Exception:  # noqa: BLE001 (any damaged or foreign token is simply not found)
        return None
    if not isinstance(data, dict) or set(data) != {"client", "rule", "phrase"}:
        return None
    return data
