"""Resources and referrals in "everything we hold" (see core.export_registry).

FHIR's ServiceRequest would say more than happened (a therapist here shares a service and,
with consent, follows how it went; nothing is ordered), so resources shared with the client
and referrals travel as JSON beside the bundle (record.json, section "resources"): the
service and how to reach it, the note the therapist wrote, where it got to, and, if it
didn't work out, why (the barrier, and the client's words). Rows come through the
referrals' own `visible_to` scope with the reader.

No `erase`: referrals and their updates cascade from the client row (the PROTECT on a
referral's service guards the directory, not the client).
"""

from django.utils.translation import gettext as _

from alongside.core.export_registry import Item, Part
from alongside.resources.models import Referral


def _referral(r) -> dict:
    service = r.service
    return {
        "id": r.pk,
        "service": service.name,
        "organization": service.organization.name,
        "how_to_get_help": service.application_process,
        "website": service.url,
        "email": service.email,
        "phones": [p.number for p in service.phones.all()],
        "note_for_you": r.message,
        "status": r.status,
        "tracked_with_your_consent": r.tracked,
        "consented_at": r.consented_at.isoformat() if r.consented_at else None,
        "why_it_did_not_work_out": r.barrier,
        "in_your_words": r.barrier_words,
        "shared_at": r.created_at.isoformat(),
        "history": [
            {"status": u.status, "barrier": u.barrier, "at": u.at.isoformat()}
            for u in r.updates.all()
        ],
    }


def contribute(client, reader) -> list[Part]:
    referrals = list(
        Referral.objects.visible_to(reader)
        .filter(client=client)
        .select_related("service__organization")
        .prefetch_related("service__phones", "updates")
    )
    if not referrals:
        return []
    return [
        Part(
            key="resources",
            title=_("Resources and referrals"),
            data=[_referral(r) for r in referrals],
            items=[
                Item(
                    heading=r.service.name,
                    when=r.created_at.date().isoformat(),
                    lines=[
                        (_("Where it got to"), r.get_status_display()),
                        (_("Why it didn't work out"), r.get_barrier_display()),
                        (_("In your words"), r.barrier_words),
                        (_("A note for you"), r.message),
                    ],
                )
                for r in referrals
            ],
        )
    ]
