"""The API token pages under Sign-in security (the API itself is in api/v1.py)."""

from django.urls import path

from alongside.api import views

app_name = "api"
urlpatterns = [
    path("sign-in-security/api-tokens/", views.tokens, name="tokens"),
    path("sign-in-security/api-tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]
