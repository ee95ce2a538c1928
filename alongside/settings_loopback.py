"""TEST-ONLY settings: production settings, served over plain HTTP on the loopback address.

For the crash test (tests/crash/) and the load bench (bench/load.py), which run gunicorn on
http://127.0.0.1 with no TLS proxy in front. Everything else is production's: DEBUG off,
secrets from the environment, the same middleware and database options, whitenoise with
the compressed manifest (run collectstatic first). Only what needs HTTPS is relaxed: the
redirect to HTTPS and the Secure / __Host- cookies.

Never use it to serve people: it refuses to start with any host name other than loopback.
"""

from django.core.exceptions import ImproperlyConfigured

from alongside.settings_production import *  # noqa: F403

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
if not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "alongside.settings_loopback is for tests on 127.0.0.1 only; "
        "use alongside.settings_production for a real host."
    )

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
# Each run collects static files into its own scratch directory.
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
