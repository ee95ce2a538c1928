from django.urls import path

from alongside.rights import views

app_name = "rights"
urlpatterns = [
    path("my/everything/", views.my_rights, name="my_rights"),
    path("my/everything/download.pdf", views.my_record_pdf, name="my_record_pdf"),
    path("my/everything/download.zip", views.my_record_zip, name="my_record_zip"),
    path("my/everything/correction/", views.my_correction, name="my_correction"),
    path("my/everything/erase/", views.my_erasure, name="my_erasure"),
    path("my/everything/close-account/", views.my_close_account, name="my_close_account"),
    path("clients/<int:client_id>/rights/", views.client_rights, name="client_rights"),
    path(
        "clients/<int:client_id>/rights/everything.zip",
        views.client_record_zip,
        name="client_record_zip",
    ),
    path("clients/<int:client_id>/rights/end/", views.end_work, name="end_work"),
    path(
        "clients/<int:client_id>/rights/corrections/<int:correction_id>/",
        views.answer_correction,
        name="answer_correction",
    ),
    path("clients/<int:client_id>/rights/erase/", views.erase, name="erase"),
    path(
        "clients/<int:client_id>/rights/close-account/", views.close_account, name="close_account"
    ),
    path("practice/retention/", views.retention_rule, name="retention_rule"),
]
