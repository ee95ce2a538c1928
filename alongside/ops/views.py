"""The health check a load balancer or uptime monitor calls."""

from django.http import HttpResponse

from alongside.core.access import public


@public
def healthz(request):
    """Answers "ok" while the app server can run a Django view. It touches no database and no
    record, so it is cheap to call often and says nothing about anyone."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
