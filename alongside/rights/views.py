"""The client's data-rights pages in the portal: download everything held about them."""

from django.http import HttpResponse
from django.shortcuts import render

from alongside.accounts.models import Role
from alongside.accounts.stepup import ask_to_confirm_identity
from alongside.audit.models import Action
from alongside.core.access import allow_methods, role_required
from alongside.rights import package
from alongside.rights.access import my_record
from alongside.rights.exporting import FILES, export


@role_required(Role.CLIENT)
def my_rights(request):
    client = my_record(request.user)
    allow_methods(request, "GET")
    return render(
        request,
        "rights/my_rights.html",
        {"client": client, "not_included": package.not_included()},
    )


def _download(request, fmt):
    client = my_record(request.user, action=Action.EXPORT)
    allow_methods(request, "GET")
    # A copy outlives the session on whatever device it lands on: clients confirm who they
    # are first, as for every export (see context.views.pdf.my_take_home).
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    body = export(client, request.user, fmt, request)
    filename, content_type = FILES[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.CLIENT)
def my_record_pdf(request):
    return _download(request, "pdf")


@role_required(Role.CLIENT)
def my_record_zip(request):
    return _download(request, "zip")
