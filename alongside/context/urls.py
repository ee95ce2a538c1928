from django.urls import path

from alongside.context.views import experiences, formulation, map, pdf, portal, power

app_name = "context"

therapist = [
    path("clients/<int:client_id>/map/", map.client_map, name="map"),
    path("clients/<int:client_id>/map/add/", map.map_add, name="map_add"),
    path("clients/<int:client_id>/map/<int:entry_id>/", map.map_edit, name="map_edit"),
    path(
        "clients/<int:client_id>/map/<int:entry_id>/history/",
        map.map_history,
        name="map_history",
    ),
    path("clients/<int:client_id>/power-map/", power.power_map, name="power_map"),
    path("clients/<int:client_id>/power-map/reflection/", power.reflection, name="reflection"),
    path("clients/<int:client_id>/experiences/", experiences.timeline, name="timeline"),
    path(
        "clients/<int:client_id>/experiences/add/",
        experiences.experience_add,
        name="experience_add",
    ),
    path(
        "clients/<int:client_id>/experiences/<int:experience_id>/",
        experiences.experience_edit,
        name="experience_edit",
    ),
    path("clients/<int:client_id>/formulation/", formulation.formulation, name="formulation"),
    path(
        "clients/<int:client_id>/formulation/versions/",
        formulation.versions,
        name="versions",
    ),
    path(
        "clients/<int:client_id>/formulation/who-may-read/",
        formulation.formulation_visibility,
        name="formulation_visibility",
    ),
    path(
        "clients/<int:client_id>/formulation/take-home.pdf",
        pdf.take_home,
        name="take_home",
    ),
    path(
        "clients/<int:client_id>/formulation/<slug:section>/",
        formulation.section_edit,
        name="section_edit",
    ),
    path(
        "clients/<int:client_id>/feedback/<int:feedback_id>/",
        formulation.feedback,
        name="feedback",
    ),
    path(
        "clients/<int:client_id>/feedback/<int:feedback_id>/accept/",
        formulation.feedback_accept,
        name="feedback_accept",
    ),
    path(
        "clients/<int:client_id>/feedback/<int:feedback_id>/answer/",
        formulation.feedback_answer,
        name="feedback_answer",
    ),
    path("positionality/", power.positionality, name="positionality"),
    path("positionality/add/", power.position_add, name="position_add"),
    path("positionality/<int:position_id>/", power.position_edit, name="position_edit"),
]

client = [
    path("my/map/", map.my_map, name="my_map"),
    path("my/map/add/", map.my_map_add, name="my_map_add"),
    path("my/map/<int:entry_id>/", map.my_map_edit, name="my_map_edit"),
    path("my/map/<int:entry_id>/history/", map.my_map_history, name="my_map_history"),
    path("my/power-map/", power.my_power_map, name="my_power_map"),
    path("my/experiences/", experiences.my_timeline, name="my_timeline"),
    path("my/formulation/", portal.my_formulation, name="my_formulation"),
    path("my/formulation/versions/", portal.my_versions, name="my_versions"),
    path(
        "my/formulation/who-may-read/",
        portal.my_formulation_visibility,
        name="my_formulation_visibility",
    ),
    path("my/formulation/take-home.pdf", pdf.my_take_home, name="my_take_home"),
    path("my/formulation/<slug:section>/", portal.my_respond, name="my_respond"),
]

urlpatterns = therapist + client
