"""Production settings: everything secret must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from alongside.core.env import envsecret
from alongside.settings import *  # noqa: F403

DEBUG = False
if DEMO_MODE:  # noqa: F405
    raise RuntimeError("ALONGSIDE_DEMO_MODE shows sign-in codes on screen: never in production.")
SECRET_KEY = envsecret("ALONGSIDE_SECRET_KEY")  # no default: fail loudly when unset
if not EMAIL_HOST and not EMAIL_BACKEND_CHOSEN:  # noqa: F405
    # Mail kept in files reaches no one: say so at start, not when an invitation is lost.
    raise ImproperlyConfigured(
        "No mail server: set ALONGSIDE_EMAIL_HOST (and _PORT, _USER, _PASSWORD), or choose "
        "ALONGSIDE_EMAIL_BACKEND=alongside.core.mail.PrivateFileBackend explicitly."
    )

if "*" in ALLOWED_HOSTS and not ALONGSIDE_SITE_URL:  # noqa: F405
    # Any Host would be accepted, so a reset link could be mailed pointing at the asker's.
    raise ImproperlyConfigured(
        "ALONGSIDE_ALLOWED_HOSTS allows any host: name the host(s), or set ALONGSIDE_SITE_URL."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# A load balancer probes the app over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
# __Host- cookies are only accepted over HTTPS, for the exact host, with path=/.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
