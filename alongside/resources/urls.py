from django.urls import path

from alongside.resources.views import directory, package, referrals

app_name = "resources"

staff = [
    path("resources/", directory.directory, name="directory"),
    path("resources/add/", directory.add, name="add"),
    path("resources/review/", directory.review, name="review"),
    path("resources/hsds/", package.package, name="package"),
    path("resources/hsds/export.zip", package.export, name="export"),
    path("resources/<int:service_id>/", directory.detail, name="detail"),
    path("resources/<int:service_id>/edit/", directory.edit, name="edit"),
    path("resources/<int:service_id>/checked/", directory.checked, name="checked"),
    path("resources/<int:service_id>/flag/", directory.flag, name="flag"),
    path("resources/<int:service_id>/approve/", directory.approve, name="approve"),
    path("resources/<int:service_id>/decline/", directory.decline, name="decline"),
    path("resources/flags/<int:resource_flag_id>/resolve/", directory.resolve, name="resolve"),
    path("clients/<int:client_id>/resources/", referrals.client_resources, name="client"),
    path("clients/<int:client_id>/resources/find/", directory.find_for_client, name="find"),
    path(
        "clients/<int:client_id>/resources/share/<int:service_id>/",
        referrals.share,
        name="share",
    ),
    path(
        "clients/<int:client_id>/resources/<int:referral_id>/",
        referrals.referral,
        name="referral",
    ),
]

client = [
    path("my/resources/", referrals.my_resources, name="mine"),
    path("my/resources/<int:referral_id>/", referrals.my_referral_page, name="my_referral"),
    path("my/resources/<int:referral_id>/follow-up/", referrals.my_track, name="my_track"),
]

urlpatterns = staff + client
