from django.urls import path

from alongside.clients import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("edit/", portal.edit, name="edit"),
    path("who-has-seen-my-record/", portal.who_has_seen, name="who_has_seen"),
]
