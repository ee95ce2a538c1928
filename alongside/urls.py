from django.urls import include, path

urlpatterns = [
    path("", include("alongside.accounts.urls")),
    path("clients/", include("alongside.clients.urls")),
    path("my/", include("alongside.clients.portal_urls")),
]

handler404 = "alongside.core.views.not_found"
