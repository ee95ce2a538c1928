"""The production settings as a browser meets them: signing in over HTTPS sets cookies only
the exact host reads over HTTPS (__Host-, Secure, no Domain, Path=/), that scripts can't read
(HttpOnly) and that another site's form post doesn't carry (SameSite); the session id
changes at sign-in; no page may be framed. Run in a process of its own with the real
production settings module, not a copy of its values."""

import json

from tests.loopback import environment, manage

PROBE = """
import json
from django.test import Client
from alongside.accounts.models import Practice, Role, User
practice = Practice.objects.create(name="P")
User.objects.create_user("ash", password={password!r}, role=Role.CLIENT, practice=practice)
browser = Client(HTTP_HOST="therapy.example")
page = browser.get("/sign-in/", secure=True)
browser.cookies["__Host-sessionid"] = "fixedbyanattacker0123456789abcdef"
signed_in = browser.post(
    "/sign-in/",
    {{"username": "ash", "password": {password!r},
     "csrfmiddlewaretoken": browser.cookies["__Host-csrftoken"].value}},
    secure=True, HTTP_REFERER="https://therapy.example/sign-in/",
)
cookies = {{
    name: {{k: str(v) for k, v in morsel.items()}} for name, morsel in signed_in.cookies.items()
}}
cookies.update({{
    name: {{k: str(v) for k, v in morsel.items()}} for name, morsel in page.cookies.items()
    if name not in cookies
}})
print(json.dumps({{
    "status": signed_in.status_code,
    "cookies": cookies,
    "session": signed_in.cookies["__Host-sessionid"].value,
    "frame": page.headers.get("X-Frame-Options"),
    "csp": page.headers.get("Content-Security-Policy"),
    "hsts": page.headers.get("Strict-Transport-Security", ""),
    "plain_http": browser.get("/sign-in/").status_code,
}}))
"""
PASSWORD = "a long enough password for ash"  # noqa: S105


def test_production_cookies_are_host_only_secure_httponly_and_same_site(tmp_path):
    env = environment(tmp_path)
    env.update(
        DJANGO_SETTINGS_MODULE="alongside.settings_production",
        ALONGSIDE_ALLOWED_HOSTS="therapy.example",
    )
    manage(env, "migrate", "--verbosity=0")
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    output = manage(env, "shell", "-c", PROBE.format(password=PASSWORD))
    seen = json.loads(output.strip().splitlines()[-1])
    assert seen["status"] == 302, seen
    assert set(seen["cookies"]) >= {"__Host-sessionid", "__Host-csrftoken"}, seen["cookies"]
    for name, attributes in seen["cookies"].items():
        assert attributes["secure"], name
        assert attributes["samesite"] in ("Lax", "Strict"), name
        assert attributes["domain"] == "", name
        assert attributes["path"] == "/", name
        if name != "__Host-csrftoken":  # Django's CSRF cookie is readable by design
            assert attributes["httponly"], name
    assert seen["session"] != "fixedbyanattacker0123456789abcdef"
    assert seen["frame"] == "DENY"
    assert "frame-ancestors 'none'" in seen["csp"]
    assert "max-age=31536000" in seen["hsts"]
    assert seen["plain_http"] == 301


def test_production_refuses_any_host_without_a_site_url(tmp_path):
    # With "*" any Host is accepted, and links mailed from a request would point at it.
    env = environment(tmp_path)
    env.update(DJANGO_SETTINGS_MODULE="alongside.settings_production", ALONGSIDE_ALLOWED_HOSTS="*")
    try:
        manage(env, "check")
    except RuntimeError as refused:
        assert "ALONGSIDE_SITE_URL" in str(refused)
    else:
        raise AssertionError("production started with ALLOWED_HOSTS = ['*'] and no site URL")
    env.update(ALONGSIDE_SITE_URL="https://therapy.example")
    manage(env, "check")


def test_a_site_url_without_a_scheme_is_refused(tmp_path):
    env = environment(tmp_path)
    env.update(ALONGSIDE_SITE_URL="therapy.example")
    try:
        manage(env, "check")
    except RuntimeError as refused:
        assert "must start with https://" in str(refused)
    else:
        raise AssertionError("a site URL with no scheme was accepted")
