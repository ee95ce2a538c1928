from django.http import Http404, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

from alongside.core.access import MethodNotAllowed
from alongside.core.scope import begin_request, forget_client, remember_user


class DenyByDefaultMiddleware:
    """Refuse any view that does not name an access rule (see core.access)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        begin_request()  # worker threads are reused: never carry a record into the next request
        try:
            return self.get_response(request)
        finally:
            forget_client()

    def process_view(self, request, view_func, view_args, view_kwargs):
        remember_user(getattr(request, "user", None))
        target = getattr(view_func, "view_class", view_func)
        if getattr(view_func, "access_rule", None) or getattr(target, "access_rule", None):
            return None
        raise Http404

    def process_exception(self, request, exception):
        if isinstance(exception, MethodNotAllowed):
            return HttpResponseNotAllowed(exception.allowed)
        return None


class PrivateHeadersMiddleware:
    """Pages can carry clinical text: browsers and proxies must not keep copies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, no-cache, must-revalidate, private"
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
