"""Template pieces other apps' pages include: prompts on the record, check-ins on the portal."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Role
from alongside.clients.access import may_read, may_write
from alongside.measures import instruments
from alongside.measures.models import CheckIn, CheckInStatus, Flag

register = template.Library()

HELP_NOW = [
    (_("In danger now"), _("call your local emergency number (999 or 112 in the UK)")),
    (_("Samaritans, any time, free"), _("call 116 123")),
    (_("Shout, any time, free, by text"), _("text SHOUT to 85258")),
]


@register.simple_tag
def help_now_lines():
    """Where to get help now. A practice outside the UK sets MEASURES_HELP_NOW."""
    return getattr(settings, "MEASURES_HELP_NOW", HELP_NOW)


@register.filter
def item_label(link_id, instrument_key="session-feedback"):
    try:
        return instruments.for_language(instrument_key, get_language())[0].label(link_id)
    except KeyError:
        return link_id


@register.filter
def instrument_title(key):
    """The instrument's title in the reader's language; a title shown as written in another
    language is marked with that language, so a screen reader reads it in the right voice."""
    try:
        instrument, in_language = instruments.for_language(key, get_language())
    except KeyError:
        return key
    if in_language:
        return instrument.title
    return format_html('<span lang="{}">{}</span>', instrument.language, instrument.title)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def change_label(change, higher_is_better=False):
    if change == "better":
        return _("reliable improvement")
    if change == "worse":
        return _("reliable worsening")
    return ""


# What measures/_flag_summary.html shows of a prompt. Only these are loaded: the answers
# behind it (and the prompt's own details and repair note) stay encrypted in the database.
FLAG_SUMMARY = (
    "client_id",
    "kind",
    "item",
    "comment",
    "created_at",
    "resolved_at",
    "response__check_in__session__date",
)


@register.inclusion_tag("measures/_record_card.html", takes_context=True)
def measures_card(context, client):
    """On the client's record: open prompts and open check-ins, for their therapist and the
    supervisor (the same scope as the record itself)."""
    user = context["user"]
    if not may_read(user, client):
        return {"show": False}
    flags = list(
        Flag.objects.visible_to(user, client=client)
        .open()
        .select_related("response__check_in__session")
        .only(*FLAG_SUMMARY)
    )
    waiting = CheckIn.objects.visible_to(user, client=client).filter(status=CheckInStatus.OPEN)
    return {
        "client": client,
        "flags": flags,
        "waiting": waiting.count(),
        "user": user,
        "can_write": may_write(user, client),
        "show": True,
    }


@register.inclusion_tag("measures/_portal_card.html", takes_context=True)
def my_check_ins_card(context, client):
    user = context["user"]
    if getattr(user, "role", None) != Role.CLIENT:
        return {"count": 0, "show": False}
    count = (
        CheckIn.objects.visible_to(user)
        .filter(client=client, status=CheckInStatus.OPEN, due_on__lte=timezone.localdate())
        .count()
    )
    return {"count": count, "show": True}
