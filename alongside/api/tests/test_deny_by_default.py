"""The deny-by-default middleware holds for API views too: an API view that lost its
access rule is a 404, token or not."""

from django.urls import resolve


def test_an_api_view_without_an_access_rule_is_404(cast, token_for, call, monkeypatch):
    view = resolve("/api/v1/clients/").func
    assert view.access_rule == "api_token"
    plaintext = token_for(cast.river)
    assert call(plaintext, "GET", "/api/v1/clients/").status_code == 200
    monkeypatch.delattr(view, "access_rule")
    assert call(plaintext, "GET", "/api/v1/clients/").status_code == 404


def test_only_the_schema_is_public():
    from alongside.api.v1 import urlpatterns

    rules = {p.name: p.callback.access_rule for p in urlpatterns}
    assert {name for name, rule in rules.items() if rule == "public"} == {"openapi-json"}
