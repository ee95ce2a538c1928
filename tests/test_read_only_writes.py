"""Post to every URL as every read-only role and prove nothing was written anywhere.

Read-only here means "may read the cast's client's record, or has a role, but may not
change it": the supervisor (sam), a therapist and a supervisor holding emergency access to
the record, the practice admin and a superuser admin, the other client, and the client
themself on staff pages. Each posts plausible form data: the form the writer sees on the
page (hidden version, formset management, everything), with its text changed. Every table
but the audit trail and the session store is compared byte for byte (ciphertexts included)
before and after, and no allowed create/update/delete/sign event may be audited.

The same post by the person who may write must change something: that proves the data
would have been written, so "nothing changed" means refused, not malformed.

Every URL in the resolver must be classified below (WRITES, SELF_SERVICE or READS), so a
new endpoint fails here until someone has said who may write through it.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import get_resolver, reverse
from django.utils import timezone

from alongside.accounts.middleware import REAUTH_AT
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.clients.models import Client, ClientActivity, EmergencyAccess
from alongside.measures.tests.conftest import FEEDBACK_OK as ANSWERS
from alongside.notes.tests import helpers as notes_objects
from tests.test_object_access import OBJECT_IDS, OBJECT_IDS_FOR, _walk

# The read-only cast: who each one is for the cast's client (Ash, River's client).
READ_ONLY = {
    "sam": "River's supervisor",
    "colleague": "a therapist with emergency access to Ash's record",
    "other_supervisor": "a supervisor with emergency access to Ash's record",
    "admin": "the practice admin",
    "superuser": "a superuser admin",
    "other_client_user": "another client",
    "client_user": "Ash, on staff pages",
}
EVERYONE = set(READ_ONLY) | {"river"}
WRITE_ACTIONS = {Action.CREATE, Action.UPDATE, Action.DELETE, Action.SIGN, Action.INVITE}
UNWATCHED = {"audit_auditevent", "django_session"}  # denials are audited; logins make sessions
CHANGED = " (changed)"


@dataclass
class Write:
    """A URL that writes. `by`: the cast members who may write through it on the cast's
    objects (everyone else in READ_ONLY is tried). `page`: the URL name whose form posts
    here (None: this URL's own page; "" : no page, `fill` is the whole body)."""

    by: set
    page: str | None = None
    form: str | None = None  # the URL name the form on `page` posts to, if not this one
    fill: Callable = field(default=lambda cast: {})
    prepare: Callable = field(default=lambda cast: None)


def _version(model, pk):
    return model.objects.filter(pk=pk).values_list("version", flat=True).first()


def _finding_token(cast):
    from alongside.writing.editor import finding_token

    return finding_token(cast.client, SimpleNamespace(rule="wording.claims", text="claims"))


def _unseen_activity(cast):
    ClientActivity.objects.create(client=cast.client, kind="comment", summary="commented")


def _not_yet_invited(cast):
    Client.objects.filter(pk=cast.client.pk).update(user=None)


def _held_back(cast):
    note = notes_objects.cast_note(cast)
    type(note).objects.filter(pk=note.pk).update(held_back=True, hold_reason="For now.")


def _formulation_text(cast):
    from alongside.context.records import formulation_for, sections_of

    section = sections_of(formulation_for(cast.client))["happened"]
    section.text = "What happened, so far."
    section.save()


def _made(cast, kind, pk):
    """Use this object for the test's `kind` of id (see `_url`)."""
    cast.__dict__.setdefault("_ids", {})[(kind, OBJECT_IDS[kind])] = pk


def _suggested(cast):
    from alongside.resources.models import Review
    from alongside.resources.tests import objects as resources_objects

    _made(cast, "service_id", resources_objects.service(cast, review=Review.SUGGESTED).pk)


def _letter(state):
    def prepare(cast):
        from alongside.letters import records
        from alongside.letters.tests import objects as letters_objects

        letter = letters_objects.approved(cast) if state != "draft" else letters_objects.draft(cast)
        if state == "final":
            records.finalise(cast.river, letter)
        _made(cast, "letter_id", letter.pk)

    return prepare


def _not_yet_set_up(cast):
    """River's invitation is still open (a new one can only go to someone not set up)."""
    type(cast.river).objects.filter(pk=cast.river.pk).update(
        password="!", email="river@example.org"
    )
    _made(cast, "user_id", cast.river.pk)


def _tracked(cast):
    from alongside.resources.tests import objects as resources_objects

    referral = resources_objects.referral(cast, consented_at=timezone.now())
    _made(cast, "referral_id", referral.pk)


def _a_fact(cast):
    from alongside.letters.facts import offers_for

    return {"facts": [offers_for(cast.client, cast.client_user)[0].source]}


def _answer(cast):
    from alongside.rights.tests import objects as rights_objects

    prefix = f"c{rights_objects.correction(cast).pk}-"
    return {prefix + "decision": "accepted", prefix + "answer": "Changed."}


class _Upload:
    """A file the test client can send again and again (each role posts the same body)."""

    def __init__(self, name, content):
        self.name, self.content = name, content

    def read(self):
        return self.content


def _hsds_package(cast):
    from alongside.accounts.models import Practice
    from alongside.resources.build import add_service
    from alongside.resources.hsds import export_package, package_zip

    elsewhere = Practice.objects.create(name="Elsewhere")
    add_service(elsewhere, "Food bank", needs=["food"])
    return {"package": _Upload("package.zip", package_zip(export_package(elsewhere)))}


def _river_works_every_day(cast):
    from datetime import time as clock

    from alongside.appointments.models import WorkingHours

    for day in range(7):
        WorkingHours.objects.get_or_create(
            therapist=cast.river, weekday=day, starts=clock(9), ends=clock(17)
        )


def _a_free_time(cast):
    from alongside.appointments.availability import free_times

    return {"starts_at": free_times(cast.river, minutes=50, notice_hours=24)[0].isoformat()}


def _an_offer(cast):
    from alongside.appointments.tests import objects as appointments_objects

    entry = appointments_objects.waiting(cast)
    entry.offered_start = appointments_objects.at(days=5, hour=7)
    entry.offered_end = entry.offered_start + timedelta(minutes=50)
    entry.save()


def _in_a_week(cast):
    return (timezone.localdate() + timedelta(days=7)).isoformat()


STAFF_WRITERS = {"river", "sam", "colleague", "other_supervisor", "admin", "superuser"}
NEW_EXPERIENCE = {"title": "New", "domain": "housing", "what_happened": "Words."}
DISMISS = {
    "lc_slot": "s1",
    "lc_reason_s1": "own_word",
    "lc_rule": "wording.claims",
    "lc_phrase": "claims",
    "language_source": "systems",
    "language_region": "r1",
}

WRITES = {
    # Client records
    "clients:create": Write({"river", "colleague"}, fill=lambda c: {"chosen_name": "Kai"}),
    "clients:edit": Write({"river"}),
    "clients:invite": Write({"river"}, page="clients:detail", prepare=_not_yet_invited),
    "clients:seen": Write({"river"}, page="clients:detail", prepare=_unseen_activity),
    # An emergency opening of the other client's record: a write anyone clinical may make
    # for a record they can't already open (not its own therapist, the colleague).
    "clients:emergency": Write(
        {"river", "sam", "other_supervisor"},
        fill=lambda c: {
            "record_number": str(c.other_client.pk),
            "reason": "Crisis call on the duty line, safety plan needed.",
            "confirm": "on",
        },
    ),
    # The privacy officer (here the admin) marks an emergency opening reviewed.
    "clients:emergency_mark_reviewed": Write(
        {"admin"}, page="clients:emergency_review", fill=lambda c: {"note": "Justified."}
    ),
    "portal:edit": Write({"client_user", "other_client_user"}),
    # Sessions and notes
    "notes:session_new": Write({"river"}, fill=lambda c: {"modality": "video"}),
    "notes:session_edit": Write({"river"}),
    "notes:session_note": Write({"river"}, page="clients:detail"),
    "notes:policy": Write({"admin", "superuser"}),
    "notes:edit": Write({"river"}),
    "notes:autosave": Write({"river"}, page="notes:edit", form="notes:edit"),
    "notes:sign": Write({"river"}),
    "notes:experience_new": Write({"river"}, fill=lambda c: NEW_EXPERIENCE),
    "notes:addendum": Write({"river"}, fill=lambda c: {"text": "Added later."}),
    "notes:reflection": Write({"river"}, fill=lambda c: {"text": "Mine."}),
    "notes:hold": Write({"river"}, fill=lambda c: {"reason": "Safety, for now."}),
    "notes:release": Write({"river"}, page="", prepare=_held_back),
    "notes:supervision_comment": Write(
        {"sam"}, page="notes:detail", fill=lambda c: {"supervision-text": "Worth asking."}
    ),
    "notes:action_done": Write({"river"}, page="notes:detail"),
    "notes:reply_perspective": Write({"river"}, fill=lambda c: {"reply": "Thank you."}),
    "notes:reply_flag": Write({"river"}, fill=lambda c: {"reply": "Let's talk."}),
    "notes:my_action_done": Write({"client_user"}, page="notes:my_agreed"),
    "notes:my_perspective": Write(
        {"client_user"}, page="notes:my_note", fill=lambda c: {"perspective-text": "It helped."}
    ),
    "notes:my_flag": Write(
        {"client_user"}, page="", fill=lambda c: {"flag-section": "meanings", "flag-reason": "No."}
    ),
    # Social context and formulation
    "context:map_add": Write(
        {"river"}, fill=lambda c: {"custom_label": "Faith", "words": "Quiet."}
    ),
    "context:map_edit": Write({"river"}),
    "context:reflection": Write({"river"}, page="context:power_map"),
    "context:experience_add": Write({"river"}, fill=lambda c: NEW_EXPERIENCE),
    "context:experience_edit": Write({"river"}, fill=lambda c: {"domain": "housing"}),
    "context:formulation_visibility": Write(
        {"river"}, page="context:formulation", fill=lambda c: {"visibility": "supervisor"}
    ),
    "context:section_edit": Write({"river"}, fill=lambda c: {"text": "Rewritten."}),
    "context:feedback_accept": Write({"river"}, page="context:feedback"),
    "context:feedback_answer": Write(
        {"river"}, page="context:feedback", fill=lambda c: {"reply": "Yes."}
    ),
    "context:position_add": Write(
        {"river", "colleague"}, fill=lambda c: {"custom_label": "Faith", "words": "Quiet."}
    ),
    "context:position_edit": Write({"river"}),
    "context:my_map_add": Write(
        {"client_user", "other_client_user"},
        fill=lambda c: {"custom_label": "Faith", "words": "Quiet."},
    ),
    "context:my_map_edit": Write({"client_user"}),
    "context:my_formulation_visibility": Write(
        {"client_user", "other_client_user"},
        page="context:my_formulation",
        fill=lambda c: {"visibility": "supervisor"},
    ),
    "context:my_respond": Write(
        {"client_user", "other_client_user"},
        fill=lambda c: {"kind": "comment", "text": "I see it differently."},
        prepare=_formulation_text,
    ),
    # Check-ins
    "measures:assign": Write(
        {"river"}, fill=lambda c: {"instrument": "gad-7", "schedule": "once", "every_weeks": ""}
    ),
    "measures:stop": Write({"river"}, page="measures:client"),
    "measures:make_link": Write({"river"}, page="measures:client", fill=lambda c: {"send": "show"}),
    "measures:flag": Write({"river"}, fill=lambda c: {"note": "We talked."}),
    "measures:answer": Write(
        {"client_user"},
        page="",
        fill=lambda c: {"mode": "all", "action": "save", **{k: str(v) for k, v in ANSWERS.items()}},
    ),
    # The wording checker: setting a finding aside is a change to the client's record.
    "writing:dismiss": Write(
        {"river"}, page="", fill=lambda c: {**DISMISS, "language_client": str(c.client.pk)}
    ),
    "writing:dismiss_page": Write(
        {"river"}, page="", fill=lambda c: {"finding": _finding_token(c), "reason": "own_word"}
    ),
    "writing:settings": Write({"admin", "superuser"}, fill=lambda c: {"accept_list": "Deaf"}),
    # Accounts the admin manages
    "accounts:staff_create": Write(
        {"admin", "superuser"},
        fill=lambda c: {"first_name": "Kim", "email": "kim@example.invalid", "role": "therapist"},
    ),
    "accounts:staff_edit": Write(
        {"admin", "superuser"},
        fill=lambda c: {"email": "river@example.invalid", "role": "therapist", "pronouns": "they"},
    ),
    # The plan (issue: the co-written plan)
    "plans:section_edit": Write({"river"}, fill=lambda c: {"text": "Rewritten."}),
    "plans:goal_add": Write(
        {"river"}, fill=lambda c: {"level": "personal", "title": "Sleep", "status": "working"}
    ),
    "plans:goal_edit": Write({"river"}, fill=lambda c: {"title": "Sleep better"}),
    "plans:step_add": Write({"river"}, fill=lambda c: {"what": "Call the GP", "who": "client"}),
    "plans:step_edit": Write({"river"}, fill=lambda c: {"what": "Call the GP again"}),
    "plans:step_from_action": Write({"river"}, page=""),
    "plans:solidarity_add": Write(
        {"river"}, fill=lambda c: {"kind": "letter", "what": "A letter."}
    ),
    "plans:solidarity_edit": Write({"river"}, fill=lambda c: {"what": "A second letter."}),
    "plans:review": Write({"river"}, fill=lambda c: {"how_going": "Better."}),
    "plans:feedback_accept": Write({"river"}, page="plans:feedback"),
    "plans:feedback_answer": Write(
        {"river"}, page="plans:feedback", fill=lambda c: {"reply": "Yes."}
    ),
    "plans:crisis_lines": Write(
        {"admin", "superuser"},
        fill=lambda c: {"name": "Line", "how_to_reach": "0800 000", "order": "1"},
    ),
    "plans:crisis_line_edit": Write({"admin", "superuser"}, fill=lambda c: {"name": "Line 2"}),
    "plans:my_section": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"text": "Mine."}
    ),
    "plans:my_goal_add": Write(
        {"client_user", "other_client_user"},
        fill=lambda c: {"level": "personal", "title": "Sleep", "status": "working"},
    ),
    "plans:my_goal_edit": Write({"client_user"}, fill=lambda c: {"title": "Sleep better"}),
    "plans:my_rate": Write({"client_user"}, fill=lambda c: {"rating": "3"}),
    "plans:my_goal_differently": Write(
        {"client_user"}, fill=lambda c: {"text": "I see it differently."}
    ),
    "plans:my_step_add": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"what": "Call", "who": "client"}
    ),
    "plans:my_step_edit": Write({"client_user"}, fill=lambda c: {"what": "Call again"}),
    "plans:my_step_done": Write({"client_user"}, page="", fill=lambda c: {"done": "1"}),
    "plans:my_supporter_add": Write(
        {"client_user", "other_client_user"},
        fill=lambda c: {"kind": "person", "name": "Jo", "reach": "07000"},
    ),
    "plans:my_supporter_edit": Write({"client_user"}, fill=lambda c: {"name": "Jo B"}),
    "plans:my_supporter_remove": Write({"client_user"}, page=""),
    "plans:my_review": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"how_going": "Better."}
    ),
    "plans:my_section_differently": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"text": "Not quite."}
    ),
    # The resources directory is the practice's: every staff member may say it is still
    # right or flag it; the admin edits and decides; a therapist's addition is a suggestion.
    "resources:add": Write(
        {"river", "colleague", "admin", "superuser"},
        fill=lambda c: {"name": "Food bank", "organization_name": "Org", "needs": ["food"]},
    ),
    "resources:edit": Write({"admin", "superuser"}),
    "resources:checked": Write(STAFF_WRITERS, page="resources:detail"),
    "resources:flag": Write(STAFF_WRITERS, fill=lambda c: {"reason": "closed"}),
    "resources:approve": Write({"admin", "superuser"}, page="", prepare=_suggested),
    "resources:decline": Write({"admin", "superuser"}, page="", prepare=_suggested),
    "resources:resolve": Write({"admin", "superuser"}, page=""),
    "resources:package": Write({"admin", "superuser"}, page="", fill=_hsds_package),
    "resources:share": Write({"river"}, fill=lambda c: {"message": "This may help."}),
    "resources:referral": Write(
        {"river"}, fill=lambda c: {"status": "contacted"}, prepare=_tracked
    ),
    "resources:my_referral": Write(
        {"client_user"}, fill=lambda c: {"status": "contacted"}, prepare=_tracked
    ),
    "resources:my_track": Write({"client_user"}, page="", fill=lambda c: {"track": "yes"}),
    # Letters
    "letters:start": Write(
        {"river"}, fill=lambda c: {"recipient": "The council", "purpose": "Repairs."}
    ),
    "letters:edit": Write({"river"}),
    "letters:send": Write({"river"}, page="", prepare=_letter("draft")),
    "letters:finalise": Write({"river"}, page="", prepare=_letter("approved")),
    "letters:new_version": Write({"river"}, page="", prepare=_letter("final")),
    "letters:my_facts": Write({"client_user"}, page="letters:my_letter", fill=_a_fact),
    "letters:my_approve": Write(
        {"client_user"}, page="letters:my_letter", fill=lambda c: {"agree": "on"}
    ),
    "letters:my_changes": Write(
        {"client_user"}, page="letters:my_letter", fill=lambda c: {"text": "Say less."}
    ),
    "letters:my_withdraw": Write({"client_user"}, page="letters:my_letter"),
    "letters:template_add": Write(
        {"admin", "superuser"},
        fill=lambda c: {"kind": "housing_repairs", "title": "T", "body": "B"},
    ),
    "letters:template_edit": Write({"admin", "superuser"}),
    "letters:letterhead": Write({"admin", "superuser"}, fill=lambda c: {"name": "Practice"}),
    # Equity counts
    "equity:settings": Write({"admin", "superuser"}, fill=lambda c: {"k": "7"}),
    "equity:groups": Write({"admin", "superuser"}, fill=lambda c: {"label": "A group"}),
    "equity:group": Write({"admin", "superuser"}, fill=lambda c: {"phrase": "Mixed"}),
    "equity:group_delete": Write({"admin", "superuser"}),
    "equity:rule_delete": Write({"admin", "superuser"}),
    "equity:intake": Write({"river"}, fill=lambda c: {"referred_on": "2026-01-05"}),
    "equity:count_me": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"counted": "yes"}
    ),
    # Rights over the record
    "rights:my_correction": Write(
        {"client_user", "other_client_user"},
        fill=lambda c: {"part": "profile", "text": "That is not what I said."},
    ),
    "rights:my_erasure": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"confirm": "on"}
    ),
    "rights:my_close_account": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"confirm": "on"}
    ),
    "rights:end_work": Write(
        {"river"}, page="rights:client_rights", fill=lambda c: {"ended_on": "2026-01-05"}
    ),
    "rights:answer_correction": Write(
        {"river"},
        page="rights:client_rights",
        fill=_answer,
    ),
    "rights:erase": Write(
        {"river"}, page="rights:client_rights", fill=lambda c: {"erase-confirm": "on"}
    ),
    "rights:close_account": Write(
        {"river"}, page="rights:client_rights", fill=lambda c: {"close-confirm": "on"}
    ),
    "rights:retention_rule": Write({"admin", "superuser"}),
    # Appointments: a therapist books and keeps their own calendar; the client asks, cancels
    # and chooses their reminders; the admin sets the practice's booking rules.
    "appointments:new": Write(
        {"river", "colleague"},
        fill=lambda c: {
            "client": str(c.client.pk),
            "date": _in_a_week(c),
            "time": "07:00",
            "minutes": "50",
            "modality": "in_person",
            "count": "1",
        },
    ),
    "appointments:confirm": Write({"river"}, page=""),
    "appointments:decline": Write({"river"}, page="", fill=lambda c: {"reason": "Away."}),
    "appointments:move": Write(
        {"river"}, fill=lambda c: {"date": _in_a_week(c), "time": "06:00", "reason": "Ill."}
    ),
    "appointments:cancel": Write({"river"}, fill=lambda c: {"by": "practice", "reason": "Ill."}),
    "appointments:happened": Write({"river"}, page=""),
    "appointments:availability": Write(
        {"river", "colleague"},
        fill=lambda c: {
            "hours": "1",
            "hours-weekday": "2",
            "hours-starts": "09:00",
            "hours-ends": "12:00",
        },
    ),
    "appointments:hours_remove": Write({"river"}, page=""),
    "appointments:time_off_remove": Write({"river"}, page=""),
    "appointments:waiting": Write(
        {"river", "colleague"}, fill=lambda c: {"client": str(c.client.pk), "kind": "first"}
    ),
    "appointments:waiting_end": Write({"river"}, page=""),
    "appointments:settings": Write(
        {"admin", "superuser"},
        fill=lambda c: {"self_booking": "on", "minutes": "45", "notice_hours": "12"},
    ),
    "appointments:my_ask": Write(
        {"client_user", "other_client_user"}, fill=_a_free_time, prepare=_river_works_every_day
    ),
    "appointments:my_cancel": Write({"client_user"}, page="appointments:my_detail"),
    "appointments:my_reminders": Write(
        {"client_user", "other_client_user"}, fill=lambda c: {"by_email": "on", "hours": ["2"]}
    ),
    "appointments:my_waiting": Write({"client_user", "other_client_user"}, page=""),
    "appointments:my_take_offer": Write(
        {"client_user", "other_client_user"}, page="", prepare=_an_offer
    ),
    # The practice's mail and staff invitations
    "ops:mail_retry": Write({"admin", "superuser"}, page="ops:mail"),
    "accounts:staff_invite": Write(
        {"admin", "superuser"}, page="accounts:staff_edit", prepare=_not_yet_set_up
    ),
}

# Each person's own sign-in and account, or a link that is its own credential: whoever
# holds it writes only their own (or the link's) data, so there is no read-only role.
SELF_SERVICE = {
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",  # the person's own language choice
    "accounts:accept_invitation",
    "accounts:mfa_verify",
    "accounts:mfa_setup",
    "accounts:passkey_authentication_options",
    "accounts:confirm_identity",
    "accounts:password_change",
    "accounts:sign_out_elsewhere",  # ends only the person's own other sessions and tokens
    "accounts:new_recovery_codes",
    "accounts:passkey_add",
    "accounts:passkey_registration_options",
    "accounts:passkey_remove",
    "measures:link",
    "accounts:forgot_password",
    "accounts:reset_password",
    # A client's own address proof: the link is useless without their own session.
    "accounts:send_address_confirmation",
    "accounts:confirm_address_link",
    "accounts:confirm_address",
    "accounts:supervisor_confirm",  # the therapist's own answer to who supervises them
    # Each person's own time zone; the practice's only by its admin
    # (alongside/accounts/tests/test_time_zones.py proves a therapist can't change that).
    "accounts:time_zone",
    "api:tokens",  # each staff member's own API tokens
    "appointments:feeds",  # each person's own calendar addresses
    "appointments:feed_revoke",
    "appointments:feed",  # the address is its own credential; reading it writes nothing
    "api:revoke",
}

# Pages that only read (and the wording check, which stores nothing): nobody writes.
READS = {
    "accounts:home",
    "accounts:security",
    "accounts:staff",
    "clients:caseload",
    "clients:supervision",
    "clients:emergency_review",
    "clients:detail",
    "clients:who_has_seen",
    "portal:home",
    "portal:who_has_seen",
    "notes:detail",
    "notes:my_notes",
    "notes:my_agreed",
    "notes:my_note",
    "ops:healthz",
    "context:map",
    "context:map_history",
    "context:power_map",
    "context:timeline",
    "context:formulation",
    "context:versions",
    "context:take_home",
    "context:feedback",
    "context:positionality",
    "context:my_map",
    "context:my_map_history",
    "context:my_power_map",
    "context:my_timeline",
    "context:my_formulation",
    "context:my_versions",
    "context:my_take_home",
    "measures:client",
    "measures:response",
    "measures:export_fhir",
    "measures:export_csv",
    "measures:mine",
    "measures:my_response",
    "measures:my_export_fhir",
    "measures:my_export_csv",
    "writing:check",
    "clients:search",
    "plans:plan",
    "plans:versions",
    "plans:take_home",
    "plans:when_hard",
    "plans:export_fhir",
    "plans:feedback",
    "plans:my_plan",
    "plans:my_versions",
    "plans:my_take_home",
    "plans:my_when_hard",
    "plans:my_export_fhir",
    "resources:directory",
    "resources:detail",
    "resources:review",
    "resources:export",
    "resources:client",
    "resources:find",
    "resources:mine",
    "letters:letters",
    "letters:detail",
    "letters:pdf",
    "letters:mine",
    "letters:my_letter",
    "letters:my_pdf",
    "letters:templates",
    "equity:report",
    "equity:export_csv",
    "rights:my_rights",
    "rights:my_record_pdf",
    "rights:my_record_zip",
    "rights:client_rights",
    "rights:client_record_zip",
    "ops:mail",
    "appointments:calendar",
    "appointments:day",
    "appointments:detail",
    "appointments:mine",
    "appointments:my_detail",
}

# The REST API (`v1:`) is walked operation by operation with tokens, as every staff member,
# in tests/test_api_access.py; its URL names are not form pages, so they are not posted here.
API_NAMESPACE = "v1:"


def test_every_url_is_classified_as_a_write_a_read_or_self_service():
    names = {
        name for name, _converters in _walk(get_resolver()) if not name.startswith(API_NAMESPACE)
    }
    unclassified = names - set(WRITES) - SELF_SERVICE - READS
    assert not unclassified, f"Say who may write through these, in WRITES or READS: {unclassified}"
    doubled = (set(WRITES) & READS) | (set(WRITES) & SELF_SERVICE) | (READS & SELF_SERVICE)
    assert not doubled, doubled


# Reading a form off a page -----------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: action and the fields a browser would send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "selects": {}}
            self._form["textareas"] = set()
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "option" and self._select:
            chosen = self._form["selects"]
            if chosen[self._select] is None or "selected" in a:
                chosen[self._select] = a.get("value", "")
        if not a.get("name"):
            return
        fields = self._form["fields"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                default = "on" if kind in ("checkbox", "radio") else ""
                fields.setdefault(a["name"], []).append(a.get("value", default))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["textareas"].add(a["name"])
            fields.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
            self._form["selects"][a["name"]] = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_data(body: str, target: str, page: str | None = None) -> dict | None:
    """The data of the form on `page` that posts to `target` (a form with no action posts
    to the page it is on)."""
    parser = _Forms()
    parser.feed(body)
    for form in parser.forms:
        action = urlsplit(form["action"]).path if form["action"] else (page or target)
        if action == target:
            data = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
            for name, value in form["selects"].items():
                data.setdefault(name, [value or ""])
            # Change every text the person could type, so a save is a visible change.
            for name in form["textareas"]:
                data[name] = [v + CHANGED if v.strip() else v for v in data[name]]
            return data
    return None


# Snapshots ---------------------------------------------------------------------------------


def snapshot():
    rows = {}
    with connection.cursor() as cursor:
        for name in sorted(set(connection.introspection.table_names()) - UNWATCHED):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)} ORDER BY 1")  # noqa: S608
            rows[name] = cursor.fetchall()
    return rows


def changed_tables(before, after):
    return sorted(name for name in after if before.get(name) != after[name])


def _sign_in(client, user):
    client.force_login(user)
    session = client.session
    session[REAUTH_AT] = time.time()  # recently confirmed: step-up pages do their real work
    session.save()


def _url(name, cast):
    """The URL, with each kind of id made once per test (a page and the URL its form
    posts to then name the same objects)."""
    made = cast.__dict__.setdefault("_ids", {})
    converters = dict(_walk(get_resolver()))[name]
    kwargs = {}
    for kind in converters:
        maker = OBJECT_IDS_FOR.get(name, {}).get(kind, OBJECT_IDS[kind])
        kwargs[kind] = made.setdefault((kind, maker), maker(cast))
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def emergency(cast):
    """The colleague and the other supervisor each opened Ash's record in an emergency."""
    for who in (cast.colleague, cast.other_supervisor):
        EmergencyAccess.objects.create(
            user=who,
            client=cast.client,
            reason="Crisis",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    return cast


def _body(client, cast, name, spec, url, writer):
    """What the writer's browser would send: the form on the page, changed, plus `fill`."""
    data = {}
    if spec.page != "":
        page = url if spec.page is None else _url(spec.page, cast)
        _sign_in(client, getattr(cast, writer))
        response = client.get(page)
        assert response.status_code == 200, f"{writer} GET {page}: {response.status_code}"
        action = url if spec.form is None else _url(spec.form, cast)
        found = form_data(response.content.decode(), action, page)
        assert found is not None, f"no form posting to {action} on {page} for {writer}"
        data.update(found)
    data.update({k: [v] if isinstance(v, str) else v for k, v in spec.fill(cast).items()})
    return data


@pytest.mark.parametrize("name", sorted(WRITES))
def test_read_only_roles_write_nothing_and_the_writer_does(client, emergency, name):
    cast = emergency
    spec = WRITES[name]
    spec.prepare(cast)
    url = _url(name, cast)
    writer = sorted(spec.by)[0] if "river" not in spec.by else "river"
    data = _body(client, cast, name, spec, url, writer)
    for who in sorted(set(READ_ONLY) - spec.by):
        user = getattr(cast, who)
        _sign_in(client, user)
        before, last_event = snapshot(), AuditEvent.objects.order_by("-id").values("id").first()
        response = client.post(url, data)
        changed = changed_tables(before, snapshot())
        assert not changed, f"{who} ({READ_ONLY[who]}) POST {url} wrote to {changed}"
        written = AuditEvent.objects.filter(
            id__gt=last_event["id"] if last_event else 0,
            actor_id=user.pk,
            outcome=Outcome.ALLOWED,
            action__in=WRITE_ACTIONS,
        )
        assert not written.exists(), f"{who} POST {url}: audited as a write"
        assert response.status_code in (302, 403, 404, 405, 409, 422) or response.status_code == 200
    # The guard: the same body from the person who may write does change the record.
    _sign_in(client, getattr(cast, writer))
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500
    assert changed_tables(before, snapshot()), (
        f"{writer} POST {url} changed nothing ({response.status_code}): the test data is "
        "not plausible, so the read-only check above proves nothing"
    )


@pytest.mark.parametrize("name", sorted(READS))
def test_pages_that_only_read_write_nothing_when_posted_to(client, emergency, name):
    cast = emergency
    url = _url(name, cast)
    for who in sorted(EVERYONE):
        _sign_in(client, getattr(cast, who))
        before = snapshot()
        client.post(url, {"version": "1", "text": "x"})
        assert not changed_tables(before, snapshot()), f"{who} POST {url}"


# Read-only pages that copy the practice's own settings rows in on the admin's first visit
# (the shipped letter templates, for the admin to edit).
MADE_ON_FIRST_VISIT = {"letters:templates": {"admin", "superuser"}}
# Numbers the equity report keeps between reports so it need not decrypt every answer again
# (alongside.equity.derived): derived from the records, encrypted like them, brought up to
# date by whoever opens the report. A cache, not a record made on anyone's behalf.
KEPT_FOR_SPEED = {"equity_derived"}
STAFF_READERS = ("sam", "colleague", "other_supervisor", "admin", "superuser")


@pytest.mark.parametrize("name", sorted(set(WRITES) | READS))
def test_opening_a_page_writes_nothing_for_a_read_only_reader(client, emergency, name):
    """Reading is not writing either: no page a supervisor, someone with emergency access
    or an admin opens may make or change anything on their behalf (the admin's own
    settings pages, which make their row on first visit, aside)."""
    cast = emergency
    url = _url(name, cast)
    writers = WRITES[name].by if name in WRITES else MADE_ON_FIRST_VISIT.get(name, set())
    for who in sorted(set(STAFF_READERS) - writers):
        _sign_in(client, getattr(cast, who))
        before = snapshot()
        client.get(url)
        changed = [t for t in changed_tables(before, snapshot()) if t not in KEPT_FOR_SPEED]
        assert not changed, f"{who} ({READ_ONLY[who]}) GET {url} wrote to {changed}"


@pytest.mark.parametrize("name", ["update_profile", "write_draft", "assign"])
def test_read_only_staff_write_nothing_through_the_api_either(client, emergency, name):
    """test_api_access walks the API's status codes; this adds the emergency-access
    holders and proves no row is written (a read-and-write token is no write scope)."""
    from alongside.api import tokens
    from alongside.api.models import Scope
    from tests.test_api_access import BODIES, _call, with_ids
    from tests.test_api_access import _url as api_url

    method, path = with_ids()[name]
    url = api_url(emergency, path)
    for who in sorted(STAFF_READERS):
        _token, plaintext = tokens.create(
            getattr(emergency, who), name="walk", scopes=Scope.WRITE, days=1
        )
        before = snapshot()
        response = _call(client, method, url, plaintext, BODIES[name])
        assert response.status_code == 404, f"{who} {method.upper()} {url}"
        changed = set(changed_tables(before, snapshot())) - {"api_apitoken"}
        assert not changed, f"{who} ({READ_ONLY[who]}) {method.upper()} {url} wrote {changed}"
