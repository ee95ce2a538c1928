from django.urls import path

from alongside.letters.views import pdf, portal, practice, therapist

app_name = "letters"

base = "clients/<int:client_id>/letters/"
one = base + "<int:letter_id>/"

therapist_urls = [
    path(base, therapist.letters, name="letters"),
    path(base + "new/", therapist.start, name="start"),
    path(one, therapist.detail, name="detail"),
    path(one + "edit/", therapist.edit, name="edit"),
    path(one + "send/", therapist.send, name="send"),
    path(one + "finalise/", therapist.finalise, name="finalise"),
    path(one + "new-version/", therapist.new_version, name="new_version"),
    path(one + "letter.pdf", pdf.letter_pdf, name="pdf"),
]

client_urls = [
    path("my/letters/", portal.my_letters, name="mine"),
    path("my/letters/<int:letter_id>/", portal.my_letter_page, name="my_letter"),
    path("my/letters/<int:letter_id>/facts/", portal.my_facts, name="my_facts"),
    path("my/letters/<int:letter_id>/approve/", portal.my_approve, name="my_approve"),
    path("my/letters/<int:letter_id>/changes/", portal.my_changes, name="my_changes"),
    path("my/letters/<int:letter_id>/withdraw/", portal.my_withdraw, name="my_withdraw"),
    path("my/letters/<int:letter_id>/letter.pdf", pdf.my_letter_pdf, name="my_pdf"),
]

admin_urls = [
    path("practice/letters/", practice.templates, name="templates"),
    path("practice/letters/add/", practice.template_add, name="template_add"),
    path("practice/letters/<int:template_id>/", practice.template_edit, name="template_edit"),
    path("practice/letterhead/", practice.letterhead, name="letterhead"),
]

urlpatterns = therapist_urls + client_urls + admin_urls
