from django.urls import path

from alongside.rights import views

app_name = "rights"
urlpatterns = [
    path("my/everything/", views.my_rights, name="my_rights"),
    path("my/everything/download.pdf", views.my_record_pdf, name="my_record_pdf"),
    path("my/everything/download.zip", views.my_record_zip, name="my_record_zip"),
]
