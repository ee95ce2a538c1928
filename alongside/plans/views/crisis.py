"""The practice's crisis lines, listed in every plan. The admin edits them here and sees
nothing else of plans."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.core.access import allow_methods, role_required
from alongside.plans.forms import CrisisLineForm
from alongside.plans.models import CrisisLine
from alongside.plans.records import save_crisis_line


@role_required(Role.ADMIN)
def crisis_lines(request):
    allow_methods(request, "GET", "POST")
    form = CrisisLineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        save_crisis_line(request.user, form)
        messages.success(request, _("Crisis line added. It shows in every plan."))
        return redirect("plans:crisis_lines")
    return render(
        request,
        "plans/crisis_lines.html",
        {"lines": CrisisLine.objects.filter(practice=request.user.practice), "form": form},
    )


@role_required(Role.ADMIN)
def crisis_line_edit(request, line_id):
    line = CrisisLine.objects.filter(practice=request.user.practice, pk=line_id).first()
    if line is None:
        raise Http404
    allow_methods(request, "GET", "POST")
    form = CrisisLineForm(request.POST if request.method == "POST" else None, instance=line)
    if request.method == "POST" and form.is_valid():
        save_crisis_line(request.user, form)
        messages.success(request, _("Crisis line saved."))
        return redirect("plans:crisis_lines")
    return render(request, "plans/crisis_line_form.html", {"form": form, "line": line})
