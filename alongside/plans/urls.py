from django.urls import path

from alongside.plans.views import crisis, pdf, portal, therapist

app_name = "plans"

base = "clients/<int:client_id>/plan/"

staff = [
    path(base, therapist.plan, name="plan"),
    path(base + "versions/", therapist.versions, name="versions"),
    path(base + "review/", therapist.review, name="review"),
    path(base + "take-home.pdf", pdf.take_home, name="take_home"),
    path(base + "when-things-get-hard.pdf", pdf.when_hard, name="when_hard"),
    path(base + "careplan.json", pdf.export_fhir, name="export_fhir"),
    path(base + "goals/add/", therapist.goal_add, name="goal_add"),
    path(base + "goals/<int:goal_id>/", therapist.goal_edit, name="goal_edit"),
    path(base + "steps/add/", therapist.step_add, name="step_add"),
    path(base + "steps/<int:step_id>/", therapist.step_edit, name="step_edit"),
    path(
        base + "steps/from-action/<int:action_id>/",
        therapist.step_from_action,
        name="step_from_action",
    ),
    path(base + "alongside/add/", therapist.solidarity_add, name="solidarity_add"),
    path(
        base + "alongside/<int:solidarity_id>/", therapist.solidarity_edit, name="solidarity_edit"
    ),
    path(base + "said/<int:plan_feedback_id>/", therapist.feedback, name="feedback"),
    path(
        base + "said/<int:plan_feedback_id>/accept/",
        therapist.feedback_accept,
        name="feedback_accept",
    ),
    path(
        base + "said/<int:plan_feedback_id>/answer/",
        therapist.feedback_answer,
        name="feedback_answer",
    ),
    path(base + "<slug:section>/", therapist.section_edit, name="section_edit"),
    path("practice/crisis-lines/", crisis.crisis_lines, name="crisis_lines"),
    path("practice/crisis-lines/<int:line_id>/", crisis.crisis_line_edit, name="crisis_line_edit"),
]

mine = "my/plan/"

client = [
    path(mine, portal.my_plan_page, name="my_plan"),
    path(mine + "versions/", portal.my_versions, name="my_versions"),
    path(mine + "review/", portal.my_review, name="my_review"),
    path(mine + "my-plan.pdf", pdf.my_take_home, name="my_take_home"),
    path(mine + "when-things-get-hard.pdf", pdf.my_when_hard, name="my_when_hard"),
    path(mine + "careplan.json", pdf.my_export_fhir, name="my_export_fhir"),
    path(mine + "goals/add/", portal.my_goal_add, name="my_goal_add"),
    path(mine + "goals/<int:goal_id>/", portal.my_goal_edit, name="my_goal_edit"),
    path(mine + "goals/<int:goal_id>/how-far/", portal.my_rate, name="my_rate"),
    path(
        mine + "goals/<int:goal_id>/differently/",
        portal.my_goal_differently,
        name="my_goal_differently",
    ),
    path(mine + "steps/add/", portal.my_step_add, name="my_step_add"),
    path(mine + "steps/<int:step_id>/", portal.my_step_edit, name="my_step_edit"),
    path(mine + "steps/<int:step_id>/done/", portal.my_step_done, name="my_step_done"),
    path(mine + "people/add/", portal.my_supporter_add, name="my_supporter_add"),
    path(mine + "people/<int:supporter_id>/", portal.my_supporter_edit, name="my_supporter_edit"),
    path(
        mine + "people/<int:supporter_id>/remove/",
        portal.my_supporter_remove,
        name="my_supporter_remove",
    ),
    path(
        mine + "<slug:section>/differently/",
        portal.my_section_differently,
        name="my_section_differently",
    ),
    path(mine + "<slug:section>/", portal.my_section, name="my_section"),
]

urlpatterns = staff + client
