"""The admin's page for HSDS data packages: import one (all or nothing), export the
directory. The export is a download, so it asks the admin to confirm who they are."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Role
from alongside.accounts.stepup import step_up_required
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.access import allow_methods, role_required
from alongside.resources.forms import PackageForm
from alongside.resources.hsds import (
    PackageError,
    export_package,
    files_from_zip,
    import_package,
    package_zip,
)

MAX_ERRORS_SHOWN = 200


@role_required(Role.ADMIN)
def package(request):
    allow_methods(request, "GET", "POST")
    form = PackageForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            files = files_from_zip(form.cleaned_data["package"])
            result = import_package(request.user.practice, files, actor=request.user)
        except PackageError as bad:
            errors = bad.errors
        else:
            # Two counts, two sentences, each with its own plural; the translation may
            # reorder them.
            added = ngettext(
                "%(n)s new service imported.", "%(n)s new services imported.", result.created
            ) % {"n": result.created}
            updated = ngettext(
                "%(n)s service updated.", "%(n)s services updated.", result.updated
            ) % {"n": result.updated}
            messages.success(
                request, _("%(added)s %(updated)s") % {"added": added, "updated": updated}
            )
            return redirect("resources:directory")
    return render(
        request,
        "resources/package.html",
        {
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "more": max(0, len(errors) - MAX_ERRORS_SHOWN),
        },
    )


@role_required(Role.ADMIN)
@step_up_required
def export(request):
    allow_methods(request, "GET")
    data = package_zip(export_package(request.user.practice))
    record(
        actor=request.user,
        action=Action.EXPORT,
        object_type="resource_export",
        object_id=request.user.practice_id,
    )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hsds-directory.zip"'
    return response
