from django.urls import path

from alongside.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("supervision/", views.supervision, name="supervision"),
    path("search/", views.search_clients, name="search"),
    path("new/", views.create, name="create"),
    path("emergency-access/", views.emergency, name="emergency"),
    path("emergency-access/review/", views.emergency_review, name="emergency_review"),
    path(
        "emergency-access/review/<int:access_id>/",
        views.emergency_mark_reviewed,
        name="emergency_mark_reviewed",
    ),
    path("<int:client_id>/", views.detail, name="detail"),
    path("<int:client_id>/edit/", views.edit, name="edit"),
    path("<int:client_id>/invite/", views.invite, name="invite"),
    path("<int:client_id>/seen/", views.seen, name="seen"),
    path("<int:client_id>/who-has-seen/", views.who_has_seen, name="who_has_seen"),
]
