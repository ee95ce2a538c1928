from django.urls import path

from alongside.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
    path("welcome/<uidb64>/<token>/", views.accept_invitation, name="accept_invitation"),
    path("accounts/", views.staff, name="staff"),
    path("accounts/new/", views.staff_create, name="staff_create"),
    path("accounts/<int:user_id>/", views.staff_edit, name="staff_edit"),
]
