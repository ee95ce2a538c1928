"""Emailing check-in links: one at a time from the therapist's page, or each one due from
cron (`check_ins_due`), sent once however many runs overlap."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import languages
from alongside.core.site import absolute_url
from alongside.measures.links import issue_link, link_days, link_path
from alongside.measures.models import (
    CheckIn,
    CheckInStatus,
)


def email_link(request, check_in, token, *, base_url: str = "") -> None:
    """Email the link and note when; the address comes from the request, or from base_url
    (from cron)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    path = link_path(token)
    url = absolute_url(request, path) if request else base_url.rstrip("/") + path
    with languages.for_person(check_in.client):  # the client's language, not the therapist's
        body = render_to_string(
            "measures/link_email.txt", {"link": url, "days": link_days()}, request=request
        )
        subject = _("A short check-in from your therapist")
        send_mail(subject, body, None, [check_in.client.email])
    check_in.link_emailed_at = timezone.now()
    CheckIn.objects.filter(pk=check_in.pk).update(link_emailed_at=check_in.link_emailed_at)


def links_to_email():
    """Open check-ins whose therapist asked for emailed links and that no link was emailed
    for yet, however the check-in came to exist (the cron run, or a page view before it)."""
    return (
        CheckIn.objects.filter(
            status=CheckInStatus.OPEN,
            link_emailed_at__isnull=True,
            assignment__email_links=True,
            assignment__stopped_at__isnull=True,
        )
        .exclude(client__email="")
        .select_related("client", "assignment")
    )


def email_due_links(*, base_url: str, now=None) -> int:
    """Email a link for each check-in in `links_to_email()`, once each; returns how many.

    Each send first claims the check-in (a conditional UPDATE of `link_emailed_at`), so two
    runs at once send one email. A failed send rolls its claim back and is tried next run.
    """
    now = now or timezone.now()
    sent = 0
    for check_in in links_to_email():
        with transaction.atomic():
            claimed = CheckIn.objects.filter(
                pk=check_in.pk, link_emailed_at__isnull=True, status=CheckInStatus.OPEN
            ).update(link_emailed_at=now)
            if not claimed:
                continue
            token = issue_link(None, check_in, now=now)
            email_link(None, check_in, token, base_url=base_url)
        sent += 1
    return sent
