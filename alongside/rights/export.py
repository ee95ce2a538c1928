"""The data-rights app's own share of "everything we hold": the corrections the client
asked for and the answers, and the end of the work."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alongside.core.export_registry import Item, Part
from alongside.rights.models import Correction, EndOfWork


def contribute(client, reader) -> list[Part]:
    corrections = list(Correction.objects.visible_to(reader).filter(client=client))
    end = EndOfWork.objects.filter(client=client).first()
    data = {
        "corrections": [
            {
                "id": c.pk,
                "part": c.part,
                "note_id": c.note_id,
                "asked_at": c.created_at.isoformat(),
                "what_you_asked": c.text,
                "status": c.status,
                "answer": c.answer,
                "answered_at": c.answered_at.isoformat() if c.answered_at else None,
            }
            for c in corrections
        ],
        "work_ended_on": end.ended_on.isoformat() if end else None,
    }
    items = [
        Item(
            heading=str(c.get_part_display()),
            when=f"{c.created_at:%Y-%m-%d}",
            lines=[
                (_("What you asked"), c.text),
                (_("Status"), str(c.get_status_display())),
                (pgettext("the practice's answer to a correction", "Answer"), c.answer),
            ],
        )
        for c in corrections
    ]
    return [Part(key="corrections", title=_("Corrections you asked for"), data=data, items=items)]
