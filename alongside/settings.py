"""Settings for Alongside, read from the environment with safe defaults for the demo.

Zero-config: with nothing set, the app runs on SQLite under ./var with keys that
`make demo` creates there. Production sets ALONGSIDE_* variables (or *_FILE twins)
and uses alongside.settings_production.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from alongside.core.env import envbool, envint, envlist, envsecret
from alongside.core.sqlite import ENGINE as SQLITE_ENGINE
from alongside.core.sqlite import is_sqlite

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envsecret("ALONGSIDE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("ALONGSIDE_DEBUG", False)
SECRET_KEY = envsecret("ALONGSIDE_SECRET_KEY", "demo-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = envlist("ALONGSIDE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# The address links in emails and calendar feeds start with (alongside.core.site), e.g.
# https://care.example.org. Unset, they use the request's host, which Django has checked
# against ALLOWED_HOSTS: set it whenever more than one host name is allowed.
ALONGSIDE_SITE_URL = envsecret("ALONGSIDE_SITE_URL", "").strip().rstrip("/")
if ALONGSIDE_SITE_URL and not ALONGSIDE_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("ALONGSIDE_SITE_URL must start with https:// (or http://).")

# Keys for data at rest live outside the database and never derive from SECRET_KEY.
# ALONGSIDE_DATA_KEYS: "id:key,id:key" (first encrypts); or a key file (one "id:key" a line).
DATA_KEYS = envsecret("ALONGSIDE_DATA_KEYS", "")
# When they come from a file (ALONGSIDE_DATA_KEYS_FILE), the file is read again after a
# rotation while the server runs (core.crypto); a value in the environment can't change.
DATA_KEYS_FROM_FILE = (
    "" if "ALONGSIDE_DATA_KEYS" in os.environ else os.environ.get("ALONGSIDE_DATA_KEYS_FILE", "")
)
DATA_KEYS_FILE = envsecret("ALONGSIDE_DATA_KEYS_PATH", str(VAR_DIR / "data-keys"))
AUDIT_KEY = envsecret("ALONGSIDE_AUDIT_KEY", "")
AUDIT_KEY_FILE = envsecret("ALONGSIDE_AUDIT_KEY_PATH", str(VAR_DIR / "audit-key"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "alongside.core",
    "alongside.audit",
    "alongside.accounts",
    "alongside.clients",
    "alongside.notes",
    "alongside.ops",
    "alongside.context",
    "alongside.measures",
    "alongside.writing",
    "alongside.rights",
    "alongside.api",
    "alongside.equity",
    "alongside.resources",
    "alongside.letters",
    "alongside.plans",
    "alongside.appointments",
    "alongside.demo",
]

MIDDLEWARE = [
    # First, so every response and every log line of the request carries its id.
    "alongside.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's saved language wins over cookie and browser.
    "alongside.accounts.middleware.PersonLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "alongside.accounts.middleware.SessionLifecycleMiddleware",
    # Times on every page in the signed-in person's zone (then the practice's, then TIME_ZONE).
    "alongside.accounts.timezones.TimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "alongside.core.middleware.DenyByDefaultMiddleware",
    "alongside.core.middleware.PrivateHeadersMiddleware",
    "alongside.accounts.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alongside.accounts.context_processors.menu",
                "alongside.ops.context_processors.mail_waiting",
            ],
        },
    },
]


def _database():
    url = envsecret("DATABASE_URL", f"sqlite:///{VAR_DIR / 'alongside.sqlite3'}")
    # Each worker thread keeps its connection for a minute, checked before reuse: opening one
    # per request cost about 1 ms on SQLite (open and pragmas) and 4.5 ms on PostgreSQL
    # (plus a server process forked and a SCRAM sign-in), more than a small page itself.
    db = dj_database_url.parse(
        url, conn_max_age=envint("ALONGSIDE_DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if is_sqlite(db):
        # A fresh clone has no var/ yet: make the database's folder (owner-only) rather than
        # failing with "unable to open database file".
        Path(db["NAME"]).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # WAL lets readers run beside one writer; FULL makes commits durable across power
        # loss; IMMEDIATE makes writers queue for the lock instead of failing "database is locked".
        # Alongside's backend makes them queue in turn, not by SQLite's sleeping busy handler.
        db["ENGINE"] = SQLITE_ENGINE
        db["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins per sign-in name + IP, so an attacker can't lock a person out
    # from everywhere by guessing at their name.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("ALONGSIDE_SIGNIN_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 0.25  # hours: a locked pair may try again after 15 minutes
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_USERNAME_FORM_FIELD = "username"
# Behind a reverse proxy, name how many proxies add X-Forwarded-For (see docs/deploy.md):
# sign-in, second-step and reset limits then count the person's address, not the proxy's.
# Read by our own function: django-axes reads the header only through django-ipware.
ALONGSIDE_PROXY_COUNT = envint("ALONGSIDE_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "alongside.accounts.attempts.client_address"

# Staff must use a second factor before any clinical page; clients may opt in.
REQUIRE_STAFF_MFA = envbool("ALONGSIDE_REQUIRE_STAFF_MFA", True)
# Wrong second-step answers (codes, recovery codes, passkeys) before a 15-minute pause:
# per person and address, and per person from anywhere (accounts/attempts.py).
SECOND_STEP_FAILURE_LIMIT = envint("ALONGSIDE_SECOND_STEP_FAILURE_LIMIT", 10)
SECOND_STEP_FAILURE_LIMIT_PER_PERSON = 30
# Demo only: the second-factor page shows the current code for the invented demo staff.
DEMO_MODE = envbool("ALONGSIDE_DEMO_MODE", False)
SESSION_IDLE_MINUTES = {"staff": 15, "client": 30}
SESSION_ABSOLUTE_HOURS = 12
STEP_UP_MINUTES = 5
# Passkeys: the WebAuthn relying-party id, a domain such as "example.org" that the site's own
# host is or ends with. Empty: the host of each request (passkeys then work on that host only).
WEBAUTHN_RP_ID = envsecret("ALONGSIDE_WEBAUTHN_RP_ID", "")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A strict policy with a per-request nonce: no inline script runs without it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60

# Text-message reminders: the dotted path of a provider class (appointments/sms.py). None is
# shipped and none is on by default.
ALONGSIDE_SMS_PROVIDER = envsecret("ALONGSIDE_SMS_PROVIDER", "")

LANGUAGE_CODE = "en"
# Each language is named in itself, so a person who can't read the current one still finds theirs.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "alongside" / "locale"]
# Dates in templates use the named formats (|date:"DATE_FORMAT"), defined per language here.
FORMAT_MODULE_PATH = ["alongside.formats"]
TIME_ZONE = envsecret("ALONGSIDE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail: SMTP when ALONGSIDE_EMAIL_HOST is set, else files in var/outbox (the demo). Every
# message goes through a queue that retries what the server did not take (ops/mail.py).
EMAIL_HOST = envsecret("ALONGSIDE_EMAIL_HOST", "")
EMAIL_PORT = envint("ALONGSIDE_EMAIL_PORT", 587)
EMAIL_HOST_USER = envsecret("ALONGSIDE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envsecret("ALONGSIDE_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = envbool("ALONGSIDE_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_USE_TLS = envbool("ALONGSIDE_EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = envint("ALONGSIDE_EMAIL_TIMEOUT", 20)
EMAIL_BACKEND_CHOSEN = envsecret("ALONGSIDE_EMAIL_BACKEND", "")
ALONGSIDE_MAIL_TRANSPORT = EMAIL_BACKEND_CHOSEN or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    # The outbox: files 0600 in a 0700 folder (they hold client names and live links).
    else "alongside.core.mail.PrivateFileBackend"
)
EMAIL_BACKEND = "alongside.ops.mail.QueuedBackend"
EMAIL_FILE_PATH = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = envsecret("ALONGSIDE_FROM_EMAIL", "alongside@localhost")
# Invitation links stay valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Messages live in the session, not in a cookie: a signed cookie is readable by anyone who
# sees it, and messages name clients ("Invitation sent to ...").
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Logs never carry link tokens (check-in, invitation): see core.logscrub. The same filter is
# on gunicorn's access log (`alongside serve`) and on runserver's request log.
# Logs: text by default, JSON lines with ALONGSIDE_LOG_FORMAT=json (one object a line, for a
# log collector). Every record carries the request's id; link tokens are scrubbed.
LOG_FORMAT = envsecret("ALONGSIDE_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ValueError(f"ALONGSIDE_LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "scrub_tokens": {"()": "alongside.core.logscrub.ScrubTokens"},
        "request_id": {"()": "alongside.core.logs.AddRequestId"},
    },
    "formatters": {
        "text": {"()": "alongside.core.logs.TextLines"},
        "json": {"()": "alongside.core.logs.JsonLines"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "scrub_tokens"],
            "formatter": LOG_FORMAT,
        },
    },
    "loggers": {
        # runserver's request lines (the demo); gunicorn writes its own access log.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Refused requests (4xx) and errors, with the request's id, never its body.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
FORM_RENDERER = "alongside.core.forms.Renderer"
# Serve app static files straight from the apps (demo, tests); production collects them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Language checker: extra rule folders and accept-list files for this installation (the
# practice admin can add more in the app). Comma-separated paths.
# The module that gives a checked textarea its attributes (core.forms reads it by name).
LANGUAGE_CHECK_EDITOR = "alongside.writing.editor"
LANGUAGE_RULE_DIRS = envlist("ALONGSIDE_LANGUAGE_RULE_DIRS", [])
LANGUAGE_ACCEPT_FILES = envlist("ALONGSIDE_LANGUAGE_ACCEPT_FILES", [])
