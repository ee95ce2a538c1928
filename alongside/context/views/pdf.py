"""The take-home copy: a plain-language PDF of the formulation and map, for the client.

Only what the client can read in the portal goes in: no therapist reflections, no
positionality, no versions. WeasyPrint is imported inside the view so the app runs
without it (the page then explains that the PDF is not available on this server).

Both downloads are exports, so both ask the person to confirm who they are if they last
did so more than STEP_UP_MINUTES ago, after the record is fetched (see accounts.stepup).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.context.access import my_client, open_for
from alongside.context.models import MapEntry
from alongside.context.records import formulation_for
from alongside.context.views.formulation import formulation_sections
from alongside.core import languages
from alongside.core.access import allow_methods, role_required


def take_home_html(client, reader, request=None) -> str:
    """The document's HTML. `reader` is the client or their therapist, who see the whole
    record; therapist-only content (reflections, positionality) lives elsewhere."""
    current = formulation_for(client)
    ptmf, narrative = formulation_sections(current, reader)
    entries = MapEntry.objects.visible_to(reader).filter(client=client).select_related("dimension")
    with languages.for_person(client):  # the client's copy, in the client's language
        return render_to_string(
            "context/take_home.html",
            {
                "client": client,
                "ptmf": ptmf,
                "narrative": narrative,
                "entries": list(entries),
            },
            request=request,
        )


def _pdf_response(request, client):
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        return render(request, "context/pdf_unavailable.html", {"client": client}, status=503)
    html = take_home_html(client, request.user, request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="formulation",
        object_id=client.pk,
        client_id=client.pk,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("my-formulation.pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.CLIENT)
def my_take_home(request):
    client = my_client(request.user, object_type="formulation", action=Action.EXPORT)
    allow_methods(request, "GET")
    # A client's copy of their own record is still an export: the file outlives the session
    # on whatever device it lands on, and a portal left open on a shared or watched phone
    # or computer is a real risk for the people this practice works with. So clients
    # confirm too, with their password (and their code, if they have set one up). It costs
    # one password at most every few minutes, and reading the record on screen never asks.
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _pdf_response(request, client)


@role_required(Role.THERAPIST)
def take_home(request, client_id):
    """The same document, for a therapist to print for a client who does not use the portal.
    Only the client's own therapist: it holds the whole formulation, whoever it is shared
    with, so emergency access (which reads only what is shared) gets the usual 404."""
    client = open_for(
        request.user, client_id, write=True, object_type="formulation", action=Action.EXPORT
    )
    allow_methods(request, "GET")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    return _pdf_response(request, client)
