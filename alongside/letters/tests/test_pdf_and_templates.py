"""The finalised letter as a PDF on the letterhead, and the admin's templates."""

import time

from django.urls import reverse

from alongside.accounts.middleware import REAUTH_AT
from alongside.audit.models import Action, AuditEvent
from alongside.letters.models import Letterhead, LetterTemplate
from alongside.letters.tests.objects import approved, finalised
from alongside.letters.views.pdf import letter_html


def _fresh(client, user):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def test_the_pdf_carries_the_letterhead_and_the_final_words(client, cast):
    import weasyprint  # noqa: F401  (a dependency: missing it fails this test)

    Letterhead.objects.create(
        practice=cast.practice, name="Riverside Counselling", footer="Reg 123"
    )
    letter = finalised(cast)
    html = letter_html(letter)
    assert (
        "Riverside Counselling" in html
        and "Reg 123" in html
        and "Riverside Council Repairs" in html
    )
    _fresh(client, cast.river)
    response = client.get(reverse("letters:pdf", args=[cast.client.pk, letter.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(object_type="letter", action=Action.EXPORT).count() == 1
    _fresh(client, cast.client_user)
    assert client.get(reverse("letters:my_pdf", args=[letter.pk])).content.startswith(b"%PDF")


def test_no_pdf_before_finalising_or_after_withdrawal(client, cast):
    from alongside.letters import records

    letter = approved(cast)
    _fresh(client, cast.river)
    response = client.get(reverse("letters:pdf", args=[cast.client.pk, letter.pk]))
    assert response.status_code == 302 and not response.has_header("Content-Disposition")
    records.finalise(cast.river, letter)
    records.withdraw(cast.client_user, letter)
    response = client.get(reverse("letters:pdf", args=[cast.client.pk, letter.pk]))
    assert response.status_code == 302 and not response.has_header("Content-Disposition")


def test_the_practice_starts_with_the_shipped_templates(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("letters:templates")).content.decode()
    for title in ["Housing: repairs", "Work: reasonable adjustments", "Immigration support"]:
        assert title in page
    assert LetterTemplate.objects.filter(practice=cast.practice).count() == 8


def test_an_unknown_placeholder_is_refused_when_the_admin_saves(client, cast):
    client.force_login(cast.admin)
    template = LetterTemplate.objects.for_practice(cast.practice).first()
    url = reverse("letters:template_edit", args=[template.pk])
    page = client.post(
        url,
        {"kind": "general", "title": "T", "body": "Dear {landlord}", "version": template.version},
    )
    assert "Unknown placeholders: {landlord}" in page.content.decode()
    template.refresh_from_db()
    assert "{landlord}" not in template.body
    client.post(
        url,
        {
            "kind": "general",
            "title": "T",
            "body": "Dear {recipient}",
            "is_active": "on",
            "version": template.version,
        },
    )
    template.refresh_from_db()
    assert template.body == "Dear {recipient}" and template.version == 2


def test_templates_and_letterhead_are_the_admins_alone(client, cast):
    template = LetterTemplate.objects.for_practice(cast.practice).first()
    for user in (cast.river, cast.client_user, cast.outsider_therapist):
        client.force_login(user)
        assert client.get(reverse("letters:template_edit", args=[template.pk])).status_code == 404
        assert client.get(reverse("letters:letterhead")).status_code == 404


def test_starting_a_letter_asks_for_the_kind_of_letter_in_plain_words(client, cast):
    client.force_login(cast.river)
    page = client.get(reverse("letters:start", args=[cast.client.pk])).content.decode()
    assert '<label for="id_template">Kind of letter' in page
    assert "You can change every word before the client reads it." in page
    assert "start from" not in page


def test_a_letter_cannot_start_from_another_practices_template(client, cast):
    from alongside.accounts.models import Practice
    from alongside.letters.models import Letter

    elsewhere = LetterTemplate.objects.for_practice(Practice.objects.create(name="Other")).first()
    client.force_login(cast.river)
    page = client.post(
        reverse("letters:start", args=[cast.client.pk]),
        {"template": elsewhere.pk, "recipient": "x", "purpose": "y", "consent_until": "2099-01-01"},
    )
    assert page.status_code == 200 and not Letter.objects.exists()
