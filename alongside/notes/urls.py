"""Mounted once at the site root: staff pages under clients/<id>/sessions/ and notes/,
the client's under my/notes/."""

from django.urls import path

from alongside.notes import portal, sessions, views

app_name = "notes"
session = "clients/<int:client_id>/sessions/"
note = "notes/<int:note_id>/"
urlpatterns = [
    path(f"{session}new/", sessions.session_new, name="session_new"),
    path(f"{session}<int:session_id>/edit/", sessions.session_edit, name="session_edit"),
    path(f"{session}<int:session_id>/note/", sessions.session_note, name="session_note"),
    path("notes/settings/", views.policy, name="policy"),
    path(note, views.detail, name="detail"),
    path(f"{note}edit/", views.edit, name="edit"),
    path(f"{note}autosave/", views.autosave, name="autosave"),
    path(f"{note}sign/", views.sign, name="sign"),
    path(f"{note}experiences/new/", views.experience_new, name="experience_new"),
    path(f"{note}addendum/", views.addendum, name="addendum"),
    path(f"{note}reflection/", views.reflection, name="reflection"),
    path(f"{note}hold/", views.hold, name="hold"),
    path(f"{note}release/", views.release, name="release"),
    path(f"{note}supervision/", views.supervision_comment, name="supervision_comment"),
    path(f"{note}actions/<int:action_id>/", views.action_done, name="action_done"),
    path(
        f"{note}perspectives/<int:perspective_id>/reply/",
        views.reply_perspective,
        name="reply_perspective",
    ),
    path(f"{note}flags/<int:flag_id>/reply/", views.reply_flag, name="reply_flag"),
    path("my/notes/", portal.my_notes, name="my_notes"),
    path("my/notes/agreed/", portal.my_agreed, name="my_agreed"),
    path("my/notes/agreed/<int:action_id>/", portal.my_action_done, name="my_action_done"),
    path("my/notes/<int:note_id>/", portal.my_note, name="my_note"),
    path("my/notes/<int:note_id>/perspective/", portal.my_perspective, name="my_perspective"),
    path("my/notes/<int:note_id>/doesnt-fit/", portal.my_flag, name="my_flag"),
]
