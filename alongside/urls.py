from django.urls import include, path

urlpatterns = [
    path("", include("alongside.accounts.urls")),
    path("clients/", include("alongside.clients.urls")),
    path("my/", include("alongside.clients.portal_urls")),
    path("", include("alongside.notes.urls")),
    path("", include("alongside.ops.urls")),
    path("", include("alongside.context.urls")),
    path("", include("alongside.measures.urls")),
    path("", include("alongside.writing.urls")),
    path("", include("alongside.rights.urls")),
    path("", include("alongside.api.urls")),
    path("api/v1/", include("alongside.api.v1", namespace="v1")),
    path("", include("alongside.equity.urls")),
    path("", include("alongside.resources.urls")),
    path("", include("alongside.letters.urls")),
    path("", include("alongside.plans.urls")),
    path("", include("alongside.appointments.urls")),
]

handler404 = "alongside.core.views.not_found"
