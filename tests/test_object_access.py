"""Walk every URL pattern that takes an object id and prove that everyone but the people
with a relationship to the object gets 404, on every method, with nothing of the record in
the page. A new URL with an id fails here until it is registered below, so none is missed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from alongside.accounts.middleware import REAUTH_AT
from alongside.accounts.tests.soft_authenticator import stored_passkey
from alongside.api.tests.objects import api_token
from alongside.appointments.tests import objects as appointments_objects
from alongside.clients.tests.objects import emergency_opening
from alongside.context.tests import objects as context_objects
from alongside.equity.tests import objects as equity_objects
from alongside.letters.tests import objects as letters_objects
from alongside.measures.tests import objects as measures_objects
from alongside.notes.tests import helpers as notes_objects
from alongside.ops.tests.objects import queued_mail
from alongside.plans.tests import objects as plans_objects
from alongside.resources.tests import objects as resources_objects
from alongside.rights.tests import objects as rights_objects

METHODS = ["get", "post", "put", "patch", "delete"]

# How to fill each kind of id from the cast: (name of the object, how to get its pk)
OBJECT_IDS = {
    "client_id": lambda cast: cast.client.pk,
    "user_id": lambda cast: cast.river.pk,
    "entry_id": lambda cast: context_objects.map_entry(cast).pk,
    "experience_id": lambda cast: context_objects.experience(cast).pk,
    "feedback_id": lambda cast: context_objects.feedback(cast).pk,
    "position_id": lambda cast: context_objects.position(cast).pk,
    "section": lambda cast: "happened",
    "session_id": lambda cast: notes_objects.cast_session(cast).pk,
    "note_id": lambda cast: notes_objects.cast_note(cast).pk,
    "action_id": lambda cast: notes_objects.cast_note(cast).actions.first().pk,
    "perspective_id": lambda cast: notes_objects.cast_note(cast).perspectives.first().pk,
    "flag_id": lambda cast: notes_objects.cast_note(cast).flags.first().pk,
    "check_in_id": lambda cast: measures_objects.open_check_in(cast).pk,
    "assignment_id": lambda cast: measures_objects.assignment(cast).pk,
    "response_id": lambda cast: measures_objects.response(cast).pk,
    "prompt_id": lambda cast: measures_objects.prompt(cast).pk,
    "passkey_id": lambda cast: stored_passkey(cast.river).pk,
    "goal_id": lambda cast: plans_objects.goal(cast).pk,
    "step_id": lambda cast: plans_objects.step(cast).pk,
    "supporter_id": lambda cast: plans_objects.supporter(cast).pk,
    "solidarity_id": lambda cast: plans_objects.solidarity(cast).pk,
    "plan_feedback_id": lambda cast: plans_objects.feedback(cast).pk,
    "line_id": lambda cast: plans_objects.crisis_line(cast).pk,
    "mail_id": lambda cast: queued_mail(cast).pk,
    "token_id": lambda cast: api_token(cast.river).pk,
    "correction_id": lambda cast: rights_objects.correction(cast).pk,
    "group_id": lambda cast: equity_objects.group(cast).pk,
    "rule_id": lambda cast: equity_objects.rule(cast).pk,
    "service_id": lambda cast: resources_objects.service(cast).pk,
    "referral_id": lambda cast: resources_objects.referral(cast).pk,
    "resource_flag_id": lambda cast: resources_objects.flag(cast).pk,
    "letter_id": lambda cast: letters_objects.sent(cast).pk,
    "template_id": lambda cast: letters_objects.template(cast).pk,
    "appointment_id": lambda cast: appointments_objects.appointment(cast).pk,
    "hours_id": lambda cast: appointments_objects.hours(cast).pk,
    "time_off_id": lambda cast: appointments_objects.time_off(cast).pk,
    "waiting_id": lambda cast: appointments_objects.waiting(cast).pk,
    "feed_id": lambda cast: appointments_objects.feed(cast.river).pk,
    "access_id": lambda cast: emergency_opening(cast).pk,
}

# Where one URL needs a different object for the same kind of id (pages only for drafts).
OBJECT_IDS_FOR = {
    name: {"note_id": lambda cast: notes_objects.cast_draft(cast).pk}
    for name in ("notes:edit", "notes:autosave", "notes:sign", "notes:experience_new")
}
for _name in ("appointments:confirm", "appointments:decline"):
    OBJECT_IDS_FOR[_name] = {"appointment_id": lambda cast: appointments_objects.requested(cast).pk}
OBJECT_IDS_FOR["plans:section_edit"] = {"section": lambda cast: "values"}
OBJECT_IDS_FOR["plans:my_section"] = {"section": lambda cast: "values"}
OBJECT_IDS_FOR["plans:my_section_differently"] = {"section": lambda cast: "values"}

# Everyone on the practice's staff (the resource directory is practice-wide).
STAFF = {"river", "colleague", "sam", "other_supervisor", "admin", "superuser"}

# For each URL name: the cast members who may reach the object (everyone else: 404).
ALLOWED = {
    "clients:detail": {"river", "sam"},
    "clients:edit": {"river"},
    "clients:invite": {"river"},
    "clients:seen": {"river"},
    "clients:who_has_seen": {"river"},
    "clients:emergency_mark_reviewed": {"admin"},  # the privacy officer
    "accounts:staff_edit": {"admin", "superuser"},
    "accounts:staff_invite": {"admin", "superuser"},
    "accounts:passkey_remove": {"river"},
    "api:revoke": {"river"},
    "rights:client_rights": {"river"},
    "rights:client_record_zip": {"river"},
    "rights:end_work": {"river"},
    "rights:answer_correction": {"river"},
    "rights:erase": {"river"},
    "rights:close_account": {"river"},
    "notes:session_new": {"river"},
    "notes:session_edit": {"river"},
    "notes:session_note": {"river"},
    "notes:detail": {"river", "sam"},
    "notes:edit": {"river"},
    "notes:autosave": {"river"},
    "notes:sign": {"river"},
    "notes:experience_new": {"river"},
    "notes:addendum": {"river"},
    "notes:reflection": {"river"},
    "notes:hold": {"river"},
    "notes:release": {"river"},
    "notes:supervision_comment": {"sam"},
    "notes:action_done": {"river"},
    "notes:reply_perspective": {"river"},
    "notes:reply_flag": {"river"},
    "notes:my_note": {"client_user"},
    "notes:my_perspective": {"client_user"},
    "notes:my_flag": {"client_user"},
    "notes:my_action_done": {"client_user"},
    "context:map": {"river", "sam"},
    "context:map_add": {"river"},
    "context:map_edit": {"river"},
    "context:map_history": {"river", "sam"},
    "context:power_map": {"river", "sam"},
    "context:reflection": {"river"},
    "context:timeline": {"river", "sam"},
    "context:experience_add": {"river"},
    "context:experience_edit": {"river"},
    "context:formulation": {"river", "sam"},
    "context:versions": {"river", "sam"},
    "context:formulation_visibility": {"river"},
    "context:take_home": {"river"},
    "context:section_edit": {"river"},
    "context:feedback": {"river"},
    "context:feedback_accept": {"river"},
    "context:feedback_answer": {"river"},
    "context:position_edit": {"river"},
    "context:my_map_edit": {"client_user"},
    "context:my_map_history": {"client_user"},
    "measures:client": {"river", "sam"},
    "measures:assign": {"river"},
    "measures:stop": {"river"},
    "measures:make_link": {"river"},
    "measures:response": {"river", "sam"},
    "measures:flag": {"river", "sam"},
    "measures:export_fhir": {"river"},
    "measures:export_csv": {"river"},
    "measures:answer": {"client_user"},
    "measures:my_response": {"client_user"},
    "plans:plan": {"river", "sam"},
    "plans:versions": {"river", "sam"},
    "plans:review": {"river"},
    "plans:take_home": {"river"},
    "plans:when_hard": {"river"},
    "plans:export_fhir": {"river"},
    "plans:goal_add": {"river"},
    "plans:goal_edit": {"river"},
    "plans:step_add": {"river"},
    "plans:step_edit": {"river"},
    "plans:step_from_action": {"river"},
    "plans:solidarity_add": {"river"},
    "plans:solidarity_edit": {"river"},
    "plans:feedback": {"river"},
    "plans:feedback_accept": {"river"},
    "plans:feedback_answer": {"river"},
    "plans:section_edit": {"river"},
    "plans:crisis_line_edit": {"admin", "superuser"},
    "plans:my_goal_edit": {"client_user"},
    "plans:my_rate": {"client_user"},
    "plans:my_goal_differently": {"client_user"},
    "plans:my_step_edit": {"client_user"},
    "plans:my_step_done": {"client_user"},
    "plans:my_supporter_edit": {"client_user"},
    "plans:my_supporter_remove": {"client_user"},
    "ops:mail_retry": {"admin", "superuser"},
    "equity:group": {"admin", "superuser"},
    "equity:group_delete": {"admin", "superuser"},
    "equity:rule_delete": {"admin", "superuser"},
    "equity:intake": {"river"},
    "resources:detail": STAFF,
    "resources:edit": {"admin", "superuser"},
    "resources:checked": STAFF,
    "resources:flag": STAFF,
    "resources:approve": {"admin", "superuser"},
    "resources:decline": {"admin", "superuser"},
    "resources:resolve": {"admin", "superuser"},
    "resources:client": {"river", "sam"},
    "resources:find": {"river"},
    "resources:share": {"river"},
    "resources:referral": {"river", "sam"},
    "resources:my_referral": {"client_user"},
    "resources:my_track": {"client_user"},
    "letters:letters": {"river", "sam"},
    "letters:start": {"river"},
    "letters:detail": {"river", "sam"},
    "letters:edit": {"river"},
    "letters:send": {"river"},
    "letters:finalise": {"river"},
    "letters:new_version": {"river"},
    "letters:pdf": {"river"},
    "letters:my_letter": {"client_user"},
    "letters:my_facts": {"client_user"},
    "letters:my_approve": {"client_user"},
    "letters:my_changes": {"client_user"},
    "letters:my_withdraw": {"client_user"},
    "letters:my_pdf": {"client_user"},
    "letters:template_edit": {"admin", "superuser"},
    "appointments:detail": {"river", "sam"},
    "appointments:confirm": {"river"},
    "appointments:decline": {"river"},
    "appointments:move": {"river"},
    "appointments:cancel": {"river"},
    "appointments:happened": {"river"},
    "appointments:hours_remove": {"river"},
    "appointments:time_off_remove": {"river"},
    "appointments:waiting_end": {"river"},
    "appointments:feed_revoke": {"river"},
    "appointments:my_detail": {"client_user"},
    "appointments:my_cancel": {"client_user"},
}

POST_ONLY = {
    "accounts:passkey_remove",
    "accounts:staff_invite",
    "api:revoke",
    "rights:end_work",
    "rights:answer_correction",
    "rights:erase",
    "rights:close_account",
    "context:reflection",
    "context:formulation_visibility",
    "context:feedback_accept",
    "context:feedback_answer",
    "clients:invite",
    "clients:seen",
    "clients:emergency_mark_reviewed",
    "notes:session_note",
    "notes:autosave",
    "notes:release",
    "notes:supervision_comment",
    "notes:action_done",
    "notes:my_action_done",
    "measures:stop",
    "measures:make_link",
    "plans:step_from_action",
    "plans:feedback_accept",
    "plans:feedback_answer",
    "plans:my_step_done",
    "plans:my_supporter_remove",
    "ops:mail_retry",
    "resources:checked",
    "resources:approve",
    "resources:decline",
    "resources:resolve",
    "resources:my_track",
    "letters:send",
    "letters:finalise",
    "letters:new_version",
    "letters:my_facts",
    "letters:my_approve",
    "letters:my_changes",
    "letters:my_withdraw",
    "appointments:confirm",
    "appointments:decline",
    "appointments:happened",
    "appointments:hours_remove",
    "appointments:time_off_remove",
    "appointments:waiting_end",
    "appointments:feed_revoke",
    "appointments:my_cancel",
}

# Text from the cast's records that must never appear on a refusal.
CANARIES = [
    "CANARY-MAP-WORDS",
    "CANARY-EXPERIENCE",
    "CANARY-PROPOSAL",
    "Ash Canary",
    "CANARY-SELF-DESCRIPTION",
    "ash@example.invalid",
    notes_objects.CANARY_REFLECTION,
    resources_objects.CANARY_MESSAGE,
    letters_objects.CANARY_PURPOSE,
    plans_objects.CANARY_GOAL,
    plans_objects.CANARY_SUPPORTER,
    appointments_objects.CANARY_REASON,
]


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry.pattern.converters


def object_patterns():
    # The REST API (namespace v1) takes tokens, not sessions: tests/test_api_access.py walks
    # each of its operations the same way, from the OpenAPI schema.
    return sorted(
        name
        for name, converters in _walk(get_resolver())
        if any(k.endswith("_id") or k in {"pk", "id"} for k in converters)
        and not name.startswith("v1:")
    )


def test_every_url_with_an_object_id_is_registered_here():
    unregistered = set(object_patterns()) - set(ALLOWED)
    assert not unregistered, f"Add these URL names to ALLOWED and OBJECT_IDS: {unregistered}"


def _url(name, cast):
    from django.urls import reverse

    converters = dict(_walk(get_resolver()))[name]
    ids = {**OBJECT_IDS, **OBJECT_IDS_FOR.get(name, {})}
    return reverse(name, kwargs={k: ids[k](cast) for k in converters})


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_only_related_people_reach_the_object(client, cast, name):
    url = _url(name, cast)
    for who, user in cast.others_than(*ALLOWED[name]).items():
        client.force_login(user)
        # Long since they last confirmed who they are: a step-up check that ran before the
        # scoped fetch would answer with its confirm page instead of the 404.
        session = client.session
        session[REAUTH_AT] = 0
        session.save()
        for method in METHODS:
            response = getattr(client, method)(url)
            assert response.status_code == 404, f"{who} {method.upper()} {url}"
            body = response.content.decode()
            for canary in CANARIES:
                assert canary not in body, f"{who} {method.upper()} {url} leaked {canary!r}"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_the_related_people_do_reach_it(client, cast, name):
    """Guards the walk itself: a URL everyone gets 404 on would pass the test above."""
    url = _url(name, cast)
    for who in ALLOWED[name]:
        client.force_login(getattr(cast, who))
        method = "post" if name in POST_ONLY else "get"
        response = getattr(client, method)(url)
        assert response.status_code in (200, 302), f"{who} {method.upper()} {url}"


def test_every_view_names_an_access_rule():
    from django.urls import resolve, reverse

    missing = []
    for name, converters in _walk(get_resolver()):
        kwargs = {k: 1 if k.endswith("_id") else "x" for k in converters}
        view = resolve(reverse(name, kwargs=kwargs)).func
        if not getattr(view, "access_rule", None):
            missing.append(name)
    assert not missing, f"Views without an access rule: {missing}"
