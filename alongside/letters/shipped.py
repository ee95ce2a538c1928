"""The letter templates a practice starts with: our own plain words. Each says only what
its purpose needs; none asks for a diagnosis (fair-housing and employment guidance ask only
that a need exists and what it is)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

OPENING = _("{date}\n\nTo {recipient}\n\n")
CLOSING = _(
    "\n\n{client_name} has read this letter and agreed to it being sent to you for this "
    "purpose. Please contact me if you need anything further.\n\n"
    "Yours sincerely,\n\n{therapist_name}\n{practice_name}"
)

SHIPPED = [
    (
        "housing_repairs",
        _("Housing: repairs"),
        _(
            "I am writing in support of {client_name} ({client_pronouns}), whom I see at "
            "{practice_name}, about {purpose}.\n\n{client_name} has asked me to share the "
            "following:\n\n{facts}\n\nThe condition of the home is affecting their wellbeing. "
            "I ask that the repairs are made without further delay."
        ),
    ),
    (
        "disability_adaptation",
        _("Housing: disability adaptation"),
        _(
            "I am writing in support of {client_name}'s request for {purpose}.\n\n"
            "{client_name} has a disability, and the adaptation is needed because of it. "
            "With their agreement I can tell you:\n\n{facts}\n\n"
            "No diagnosis is needed to grant a reasonable adaptation."
        ),
    ),
    (
        "rehousing",
        _("Housing: rehousing"),
        _(
            "I am writing in support of {client_name}'s application for rehousing ({purpose}).\n\n"
            "{client_name} has asked me to share:\n\n{facts}\n\n"
            "Their current housing is harming their wellbeing, and a move would help."
        ),
    ),
    (
        "work_accommodation",
        _("Work: reasonable adjustments"),
        _(
            "I am writing at the request of {client_name}, whom I see at {practice_name}, "
            "to support a request for {purpose}.\n\n{client_name} has a need for this "
            "adjustment. With their agreement:\n\n{facts}\n\n"
            "The adjustment would help {client_name} do their work well."
        ),
    ),
    (
        "benefits",
        _("Benefits"),
        _(
            "I am writing in support of {client_name}'s claim: {purpose}.\n\n"
            "{client_name} has asked me to share:\n\n{facts}"
        ),
    ),
    (
        "school",
        _("School or college"),
        _(
            "I am writing at the request of {client_name} to support {purpose}.\n\n"
            "With their agreement I can share:\n\n{facts}"
        ),
    ),
    (
        "immigration",
        _("Immigration support"),
        _(
            "I am writing at the request of {client_name}, whom I see at {practice_name}, "
            "in support of {purpose}.\n\n{client_name} has chosen to share:\n\n{facts}"
        ),
    ),
    (
        "general",
        _("General letter of support"),
        _("I am writing in support of {client_name}, about {purpose}.\n\n{facts}"),
    ),
]


def shipped_templates():
    """(kind, title, body) for each template a practice starts with, in the practice's
    language (LANGUAGE_CODE), whoever's request happens to copy them in first."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            (kind, str(title), str(OPENING) + str(body) + str(CLOSING))
            for kind, title, body in SHIPPED
        ]
