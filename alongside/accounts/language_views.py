"""Choosing a language: Django's set_language (cookie, `next`), remembered on the person."""

from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from alongside.core import languages
from alongside.core.access import public


@public
@require_http_methods(["POST"])
def set_language(request):
    """Public: the switcher is on the sign-in page too. A signed-in person's choice is
    saved on them, so it follows them to other devices and into what is sent to them."""
    response = django_set_language(request)
    code = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and code in languages.shipped() and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
