"""A finalised letter as a PDF on the practice's letterhead (WeasyPrint, as the take-home
formulation). Downloads are exports: they ask the person to confirm who they are after the
letter is fetched through its scope (accounts.stepup), and each is audited as an export of
the letter, so it shows in the client's "Who has seen my record"."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages
from alongside.core.access import allow_methods, role_required
from alongside.letters.access import my_letter, open_letter
from alongside.letters.records import downloadable


def letter_html(letter, request=None) -> str:
    with languages.for_person(letter.client):  # the client's letter, in the client's language
        return render_to_string(
            "letters/pdf.html",
            {"letter": letter, "head": letter.letterhead, "text": letter.final_text},
            request=request,
        )


def _pdf(request, letter, back):
    why_not = downloadable(letter)
    if why_not:
        messages.error(request, why_not)
        return back
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        return render(request, "letters/pdf_unavailable.html", {"letter": letter}, status=503)
    pdf = HTML(string=letter_html(letter, request), base_url=request.build_absolute_uri("/"))
    data = pdf.write_pdf()
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="letter",
        object_id=letter.pk,
        client_id=letter.client_id,
    )
    response = HttpResponse(data, content_type="application/pdf")
    filename = _("letter-%(number)s.pdf") % {"number": letter.pk}
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.THERAPIST)
def letter_pdf(request, client_id, letter_id):
    client, letter = open_letter(request.user, client_id, letter_id, action=Action.EXPORT)
    allow_methods(request, "GET")
    return _pdf(request, letter, redirect("letters:detail", client.pk, letter.pk))


@role_required(Role.CLIENT)
def my_letter_pdf(request, letter_id):
    _client, letter = my_letter(request.user, letter_id, action=Action.EXPORT)
    allow_methods(request, "GET")
    return _pdf(request, letter, redirect("letters:my_letter", letter.pk))
