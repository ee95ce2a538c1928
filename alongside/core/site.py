"""The site's own address, for links that leave it: in emails, or shown to be copied into
another app (a calendar feed). A request's Host header is the asker's to choose; Django
refuses hosts outside ALLOWED_HOSTS, but an installation that allows several (or "*")
would otherwise mail a reset link pointing wherever the asker said."""

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """`path` on this site: under ALONGSIDE_SITE_URL when it is set, else the request's host
    (one Django has checked against ALLOWED_HOSTS; forwarded host headers are not read)."""
    if settings.ALONGSIDE_SITE_URL:  # no trailing slash (settings.py strips it)
        return settings.ALONGSIDE_SITE_URL + path
    return request.build_absolute_uri(path)
