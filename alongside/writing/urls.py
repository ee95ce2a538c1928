from django.urls import path

from alongside.writing import views

app_name = "writing"

urlpatterns = [
    path("writing/check/", views.check, name="check"),
    path("writing/set-aside/", views.dismiss, name="dismiss"),
    path("writing/set-aside/page/", views.dismiss_page, name="dismiss_page"),
    path("practice/language/", views.practice_settings, name="settings"),
]
