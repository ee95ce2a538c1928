"""What the record can offer a letter: items the client can read in their portal, from
their profile, map, experiences and formulation. Nothing goes in unless the client picks
it, and nothing here is a diagnosis (the record holds none)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from alongside.context.models import Experience, Formulation, MapEntry, Section


@dataclass(frozen=True)
class Offer:
    source: str
    group: str
    label: str
    text: str


def offers_for(client, reader) -> list[Offer]:
    """Every item `reader` (the client, in the portal) can see, in the record's order."""
    found = []
    if client.self_description:
        found.append(
            Offer(
                "profile:self",
                _("About you"),
                _("How you describe yourself"),
                client.self_description,
            )
        )
    if client.language:
        found.append(Offer("profile:language", _("About you"), _("Your language"), client.language))
    entries = MapEntry.objects.visible_to(reader).filter(client=client).select_related("dimension")
    for entry in entries:
        if entry.words and not entry.prefer_not_to_say:
            found.append(Offer(f"map:{entry.pk}", _("Your map"), str(entry.label), entry.words))
    for exp in Experience.objects.visible_to(reader).filter(client=client).timeline():
        text = exp.what_happened + (f"\n{exp.impact}" if exp.impact else "")
        found.append(Offer(f"experience:{exp.pk}", _("What has happened"), exp.title, text))
    formulation = Formulation.objects.visible_to(reader).filter(client=client).first()
    if formulation is not None:
        labels = dict(Section.choices)
        for section in formulation.sections.all():
            if section.text:
                found.append(
                    Offer(
                        f"formulation:{section.key}",
                        _("Your story"),
                        str(labels.get(section.key, section.key)),
                        section.text,
                    )
                )
    return found
