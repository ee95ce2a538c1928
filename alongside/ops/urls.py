from django.urls import path

from alongside.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("practice/mail/", views.mail_waiting, name="mail"),
    path("practice/mail/<int:mail_id>/retry/", views.mail_retry, name="mail_retry"),
]
