"""The API at /api/v1/ and the token pages under Sign-in security.

The deny-by-default middleware refuses any view without an access rule. The API's views
get the rule "api_token" here, and only because every operation is built with the API's
TokenAuth (tests/test_api_access.py checks that no operation opts out); the schema itself
is public, as an OpenAPI document describes no one's data.
"""

from django.urls import URLPattern

from alongside.api.api import api


def _with_access_rule(urls):
    patterns, app_name, namespace = urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            rule = "public" if pattern.name == "openapi-json" else "api_token"
            pattern.callback.access_rule = rule
    return patterns, app_name, namespace


# Included at the top level as namespace "v1" (ninja reverses its own views by it).
urlpatterns, app_name, _namespace = _with_access_rule(api.urls)
