"""The health check a load balancer calls, and the admin's list of mail not yet sent."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.core.access import allow_methods, public, role_required
from alongside.ops import mail


@public
def healthz(request):
    """Answers "ok" while the app server can run a Django view. It touches no database and no
    record, so it is cheap to call often and says nothing about anyone."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@role_required(Role.ADMIN)
def mail_waiting(request):
    rows = [mail.summary(row) for row in mail.waiting_for(request.user)[:100]]
    return render(request, "ops/mail.html", {"rows": rows})


@role_required(Role.ADMIN)
def mail_retry(request, mail_id):
    row = mail.waiting_for(request.user).filter(pk=mail_id).first()
    if row is None:
        raise Http404
    allow_methods(request, "POST")
    mail.retry_now(row)
    messages.success(request, _("It will be tried again within a few minutes."))
    return redirect("ops:mail")
