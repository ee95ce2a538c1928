"""Personal access tokens, under Sign-in security: made after step-up, shown once."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.stepup import ask_to_confirm_identity, step_up_required
from alongside.api import tokens as token_rules
from alongside.api.forms import TokenForm
from alongside.core.access import allow_methods, role_required


@role_required(*token_rules.STAFF)
@step_up_required
def tokens(request):
    allow_methods(request, "GET", "POST")
    form = TokenForm(request.POST or None)
    shown = None
    if request.method == "POST" and form.is_valid():
        token, shown = token_rules.create(
            request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "shown": shown, "tokens": request.user.api_tokens.all()},
    )


@role_required(*token_rules.STAFF)
def revoke(request, token_id):
    # Only the owner's own tokens: anyone else's is the same 404 as a missing one.
    token = request.user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404
    allow_methods(request, "POST")
    if (ask := ask_to_confirm_identity(request)) is not None:
        return ask
    token_rules.revoke(request.user, token)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("api:tokens")
