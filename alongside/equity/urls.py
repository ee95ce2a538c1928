from django.urls import path

from alongside.equity import views

app_name = "equity"

urlpatterns = [
    path("practice/equity/", views.report, name="report"),
    path("practice/equity/export.csv", views.export_csv, name="export_csv"),
    path("practice/equity/settings/", views.settings_page, name="settings"),
    path("practice/equity/groups/", views.groups_page, name="groups"),
    path("practice/equity/groups/<int:group_id>/", views.group, name="group"),
    path("practice/equity/groups/<int:group_id>/delete/", views.group_delete, name="group_delete"),
    path("practice/equity/rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
    path("clients/<int:client_id>/referral/", views.intake, name="intake"),
    path("my/fairness/", views.count_me, name="count_me"),
]
