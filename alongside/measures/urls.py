"""Mounted at the site root: therapist pages under a client, the portal under my/, links."""

from django.urls import path

from alongside.measures import portal, views

app_name = "measures"
client = "clients/<int:client_id>/measures/"
urlpatterns = [
    path(client, views.client_measures, name="client"),
    path(f"{client}assign/", views.assign, name="assign"),
    path(f"{client}assignments/<int:assignment_id>/stop/", views.stop, name="stop"),
    path(f"{client}check-ins/<int:check_in_id>/link/", views.link, name="make_link"),
    path(f"{client}responses/<int:response_id>/", views.response_detail, name="response"),
    path(f"{client}prompts/<int:prompt_id>/", views.flag, name="flag"),
    path(f"{client}export.json", views.export_fhir, name="export_fhir"),
    path(f"{client}export.csv", views.export_csv, name="export_csv"),
    path("my/check-ins/", portal.mine, name="mine"),
    path("my/check-ins/<int:check_in_id>/", portal.answer, name="answer"),
    path("my/check-ins/answers/<int:response_id>/", portal.my_response, name="my_response"),
    path("my/check-ins/export.json", portal.my_export_fhir, name="my_export_fhir"),
    path("my/check-ins/export.csv", portal.my_export_csv, name="my_export_csv"),
    path("check-in/<str:token>/", portal.link, name="link"),
]
