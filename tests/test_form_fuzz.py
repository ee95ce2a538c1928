"""Every form in the project, fed hostile input by Hypothesis (security.md 17, 18, 25).

The forms are found by walking the `alongside.*.forms` / `*_forms` modules, so a new form is
fuzzed, or fails `test_every_form_is_fuzzed_or_skipped_for_a_reason`, until it is listed in
FORMS (built the way its view builds it) or SKIPPED (with the reason).

For each form, Hypothesis replaces some fields of a valid submission with: arbitrary Unicode
(NUL bytes, lone surrogates, bidi and zero-width marks, emoji), very long text, HTML and
template payloads, impossible dates ("2026-02-30", "0000-00-00", "99999-01-01"), negative,
huge and non-numbers, and unknown choices. Whatever comes in:

- `is_valid()` returns True or False and never raises; the bound form renders, and no
  payload comes out as live markup;
- a refusal names a field: at least one error sits on a field, not only above the form; and
  text with a NUL byte or a lone surrogate, or over the field's length, is refused on that
  very field;
- what is accepted can be stored: no NUL, no lone surrogate (both would fail at encryption
  or in the database), nothing longer than the model field allows.
"""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django import forms
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import alongside
from alongside.core.crypto import keyring
from tests.hostile import SCRIPT, dates, numbers, text

EXAMPLES = 50

# --- Finding the forms ----------------------------------------------------------------------


def form_classes() -> dict[str, type]:
    """Every BaseForm subclass defined in a module of ours whose name ends in "forms"."""
    found = {}
    for info in pkgutil.walk_packages(alongside.__path__, "alongside."):
        leaf = info.name.rsplit(".", 1)[-1]
        if not leaf.endswith("forms") or ".tests" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name:
                found[f"{info.name}.{cls.__qualname__}"] = cls
    return found


SKIPPED = {
    "alongside.core.forms.Form": "the shared base: no fields of its own",
    "alongside.core.forms.ModelForm": "the shared base: no model",
    "alongside.core.forms.VersionedForm": "the shared base: no model",
    "alongside.appointments.forms.WhenFields": "base of AppointmentForm and MoveForm",
    "alongside.clients.forms.NamingFields": "base of ClientProfileForm and MyProfileForm: no model",
    "alongside.context.forms.MapFieldsForm": "base of MapEntryForm and PositionForm: no model",
    "alongside.resources.forms.PackageForm": (
        "a file upload only; bad files are tested in alongside/resources/tests/test_hsds.py"
    ),
}
# Not forms, so not walked here: notes.forms.ActionFormSet (its form, ActionForm, is fuzzed
# below, and the formset through the note edit view in test_view_fuzz.py).

# --- Building each form the way its view does --------------------------------------------------


@dataclass
class World:
    """The objects the forms' views pass in, made once per test from the cast."""

    cast: Any
    note: Any = None
    experiences: Any = None
    factor: Any = None
    request: Any = None


def make_world(cast) -> World:
    from alongside.context.models import Experience
    from alongside.notes.tests.helpers import draft_note

    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    request.user = cast.river
    request.session = SessionStore()
    return World(
        cast=cast,
        note=draft_note(cast),
        experiences=Experience.objects.visible_to(cast.river).filter(client=cast.client),
        request=request,
    )


def _questions(code):
    from alongside.measures import instruments

    return list(instruments.get(code).questions)


def _answers(code):
    valid = {}
    for q in _questions(code):
        if q.kind == "integer":
            valid[q.link_id] = str(q.min_value or 0)
        elif q.kind == "choice":
            valid[q.link_id] = [q.options[0].code] if q.repeats else q.options[0].code
        else:
            valid[q.link_id] = "In my words."
    return valid


def ethnicity():
    from alongside.context.models import Dimension

    return Dimension.objects.get(code="ethnicity")


def _forms():
    from alongside.accounts import forms as accounts
    from alongside.accounts import mfa_forms
    from alongside.api.forms import TokenForm
    from alongside.appointments import forms as appointments
    from alongside.appointments.tests.objects import at
    from alongside.clients import forms as clients
    from alongside.clients.models import Client
    from alongside.context import forms as context
    from alongside.equity import forms as equity
    from alongside.equity.models import EquitySettings, GroupRule, Intake, ReportingGroup
    from alongside.letters import forms as letters
    from alongside.letters.facts import Offer
    from alongside.letters.models import LetterTemplate
    from alongside.measures import forms as measures
    from alongside.notes import forms as notes
    from alongside.notes.models import SECTIONS, Note, NotePolicy
    from alongside.resources import forms as resources
    from alongside.rights import forms as rights
    from alongside.rights.models import RetentionRule
    from alongside.writing import forms as writing
    from alongside.writing.models import PracticeLanguage
    from conftest import PASSWORD

    def profile(w):
        return {
            "chosen_name": "Ash",
            "pronouns": "he/him",
            "language": "English",
            "email": "ash@example.invalid",
            "phone": "+44 20 7946 0000",
            "self_description": "In his words.",
            "naming_style": "",
            "own_terms": "",
            "version": w.cast.client.version,
        }

    def map_entry(w):
        return {
            "dimension": "",
            "custom_label": "Being a carer",
            "words": "Most days.",
            "salience": "2",
            "lived_as": "both",
            "visibility": "private",
            "version": 1,
        }

    def language(w):
        return PracticeLanguage.objects.get_or_create(practice=w.cast.practice)[0]

    return {
        # accounts
        "alongside.accounts.forms.AcceptInvitationForm": (
            lambda w, data: accounts.AcceptInvitationForm(w.cast.client_user, data),
            lambda w: {
                "username": "ash-new",
                "new_password1": "kettle lantern orchard seventeen",
                "new_password2": "kettle lantern orchard seventeen",
            },
        ),
        "alongside.accounts.forms.ChangePasswordForm": (
            lambda w, data: accounts.ChangePasswordForm(w.cast.river, data),
            lambda w: {
                "old_password": PASSWORD,
                "new_password1": "kettle lantern orchard seventeen",
                "new_password2": "kettle lantern orchard seventeen",
            },
        ),
        "alongside.accounts.forms.ForgotPasswordForm": (
            lambda w, data: accounts.ForgotPasswordForm(data),
            lambda w: {"username": "river"},
        ),
        "alongside.accounts.forms.ResetPasswordForm": (
            lambda w, data: accounts.ResetPasswordForm(w.cast.river, data),
            lambda w: {
                "new_password1": "kettle lantern orchard seventeen",
                "new_password2": "kettle lantern orchard seventeen",
            },
        ),
        "alongside.accounts.forms.StaffForm": (
            lambda w, data: accounts.StaffForm(data, practice=w.cast.practice),
            lambda w: {
                "first_name": "Kim",
                "last_name": "Lee",
                "pronouns": "she/her",
                "email": "kim@example.invalid",
                "role": "therapist",
                "supervisor": w.cast.sam.pk,
            },
        ),
        "alongside.accounts.forms.TimeZoneForm": (
            lambda w, data: accounts.TimeZoneForm(data, instance=w.cast.river),
            lambda w: {"time_zone": "Europe/London"},
        ),
        "alongside.accounts.forms.PracticeTimeZoneForm": (
            lambda w, data: accounts.PracticeTimeZoneForm(data, instance=w.cast.practice),
            lambda w: {"time_zone": "America/Toronto"},
        ),
        "alongside.accounts.forms.StaffStatusForm": (
            lambda w, data: accounts.StaffStatusForm(data, initial={"is_active": True}),
            lambda w: {"is_active": "on"},
        ),
        "alongside.accounts.mfa_forms.CodeForm": (
            lambda w, data: mfa_forms.CodeForm(
                data, user=w.cast.river, factor=None, request=w.request
            ),
            None,  # a right code can't be guessed here; every fuzzed code is wrong
        ),
        "alongside.accounts.mfa_forms.ConfirmIdentityForm": (
            lambda w, data: mfa_forms.ConfirmIdentityForm(
                data, user=w.cast.river, factor=None, request=w.request
            ),
            lambda w: {"password": PASSWORD},
        ),
        "alongside.accounts.mfa_forms.PasskeyForm": (
            lambda w, data: mfa_forms.PasskeyForm(data, request=w.request),
            None,  # needs a browser's signed answer
        ),
        # clients
        "alongside.clients.forms.ClientProfileForm": (
            lambda w, data: clients.ClientProfileForm(
                data, instance=w.cast.client, initial={"version": w.cast.client.version}
            ),
            lambda w: {**profile(w), "legal_name": ""},
        ),
        "alongside.clients.forms.MyProfileForm": (
            lambda w, data: clients.MyProfileForm(
                data, instance=w.cast.client, initial={"version": w.cast.client.version}
            ),
            profile,
        ),
        "alongside.clients.forms.ClientSearchForm": (
            lambda w, data: clients.ClientSearchForm(data),
            lambda w: {"q": "Ash"},
        ),
        "alongside.clients.forms.EmergencyAccessForm": (
            lambda w, data: clients.EmergencyAccessForm(data),
            lambda w: {
                "record_number": w.cast.other_client.pk,
                "reason": "They rang in distress and their therapist is away.",
                "confirm": "on",
            },
        ),
        "alongside.clients.forms.EmergencyReviewForm": (
            lambda w, data: clients.EmergencyReviewForm(data, auto_id="review-1-%s"),
            lambda w: {"note": "Justified: the duty line call is on record."},
        ),
        # context
        "alongside.context.forms.MapEntryForm": (
            lambda w, data: context.MapEntryForm(
                data,
                instance=None,
                initial={"version": 1},
                practice=w.cast.practice,
                owner=w.cast.client,
                checked=True,
            ),
            map_entry,
        ),
        "alongside.context.forms.PositionForm": (
            lambda w, data: context.PositionForm(
                data,
                instance=None,
                initial={"version": 1},
                practice=w.cast.practice,
                owner=w.cast.river,
            ),
            lambda w: {
                **{k: v for k, v in map_entry(w).items() if k != "visibility"},
                "share_with_supervisor": "on",
            },
        ),
        "alongside.context.forms.ExperienceForm": (
            lambda w, data: context.ExperienceForm(
                data, instance=None, initial={"version": 1}, practice=w.cast.practice
            ),
            lambda w: {
                "title": "Refused a flat",
                "start_year": "2019",
                "start_month": "4",
                "end_year": "",
                "end_month": "",
                "domain": "housing",
                "systems": ["racism", "classism"],
                "what_happened": "The agent said the flat was gone.",
                "visibility": "private",
                "version": 1,
            },
        ),
        "alongside.context.forms.SectionForm": (
            lambda w, data: context.SectionForm(
                data, experiences=w.experiences, label="What has happened to you?"
            ),
            lambda w: {"text": "Eviction, twice.", "version": 1},
        ),
        "alongside.context.forms.FormulationVisibilityForm": (
            lambda w, data: context.FormulationVisibilityForm(data),
            lambda w: {"visibility": "private"},
        ),
        "alongside.context.forms.FeedbackForm": (
            lambda w, data: context.FeedbackForm(
                data, initial={"kind": "comment"}, current_text="The words as they stand."
            ),
            lambda w: {"kind": "comment", "text": "Not quite.", "proposed_text": ""},
        ),
        "alongside.context.forms.ReplyForm": (
            lambda w, data: context.ReplyForm(data),
            lambda w: {"reply": "Thank you for saying."},
        ),
        "alongside.context.forms.AcceptForm": (
            lambda w, data: context.AcceptForm(data),
            lambda w: {"reply": "", "version": 1},
        ),
        "alongside.context.forms.ReflectionForm": (
            lambda w, data: context.ReflectionForm(data, instance=None, initial={"version": 1}),
            lambda w: {"text": "What I bring into the room.", "version": 1},
        ),
        # measures
        "alongside.measures.forms.AnswerForm": (
            lambda w, data: measures.AnswerForm(_questions("session-feedback"), data),
            lambda w: _answers("session-feedback"),
        ),
        "alongside.measures.forms.AnswerForm[eds]": (
            lambda w, data: measures.AnswerForm(_questions("eds"), data, require=False),
            lambda w: _answers("eds"),
        ),
        "alongside.measures.forms.AssignForm": (
            lambda w, data: measures.AssignForm(data),
            lambda w: {"instrument": "phq-9", "schedule": "every_n_weeks", "every_weeks": "4"},
        ),
        "alongside.measures.forms.RepairForm": (
            lambda w, data: measures.RepairForm(data),
            lambda w: {"note": "We talked it through."},
        ),
        # notes
        "alongside.notes.forms.SessionForm": (
            lambda w, data: notes.SessionForm(data, initial={"version": 1}),
            lambda w: {
                "date": (date.today() - timedelta(days=1)).isoformat(),
                "minutes": "50",
                "modality": "video",
                "attendance": "attended",
                "barrier": "",
                "version": 1,
            },
        ),
        "alongside.notes.forms.NoteForm": (
            lambda w, data: notes.NoteForm(
                data,
                instance=w.note,
                initial={"version": w.note.version},
                supervisor=w.cast.sam,
                experiences=w.experiences,
            ),
            lambda w: {
                **{name: "" for name in SECTIONS},
                "agenda": "The letter",
                "private_reflection": "",
                "share_reflection": "",
                "version": w.note.version,
            },
        ),
        "alongside.notes.forms.ActionForm": (
            lambda w, data: notes.ActionForm(data),
            lambda w: {"text": "Phone the council", "who": "client", "done": ""},
        ),
        "alongside.notes.forms.SignForm": (
            lambda w, data: notes.SignForm(data, initial={"version": 1}),
            lambda w: {"version": 1},
        ),
        "alongside.notes.forms.AddendumForm": (
            lambda w, data: notes.AddendumForm(data),
            lambda w: {"text": "Later: the date was the 4th."},
        ),
        "alongside.notes.forms.HoldForm": (
            lambda w, data: notes.HoldForm(data, initial={"reason": ""}),
            lambda w: {"reason": "A third party's details are in it."},
        ),
        "alongside.notes.forms.ReflectionForm": (
            lambda w, data: notes.ReflectionForm(data),
            lambda w: {"text": "I felt defensive.", "share": "on"},
        ),
        "alongside.notes.forms.ReplyForm": (
            lambda w, data: notes.ReplyForm(data, initial={"reply": ""}),
            lambda w: {"reply": "Thank you."},
        ),
        "alongside.notes.forms.SupervisionCommentForm": (
            lambda w, data: notes.SupervisionCommentForm(data, prefix="supervision"),
            lambda w: {"text": "Notice the pace here."},
        ),
        "alongside.notes.forms.PerspectiveForm": (
            lambda w, data: notes.PerspectiveForm(data, prefix="perspective"),
            lambda w: {"text": "It helped."},
        ),
        "alongside.notes.forms.FlagForm": (
            lambda w, data: notes.FlagForm(
                data, sections=["agenda", "meanings"], prefix="flag", initial={}
            ),
            lambda w: {"section": "agenda", "reason": "That's not what I said."},
        ),
        "alongside.notes.forms.NotePolicyForm": (
            lambda w, data: notes.NotePolicyForm(
                data, instance=NotePolicy(practice=w.cast.practice)
            ),
            lambda w: {"allow_holding_back": "on"},
        ),
        # letters
        "alongside.letters.forms.StartLetterForm": (
            lambda w, data: letters.StartLetterForm(data, practice=w.cast.practice),
            lambda w: {
                "template": LetterTemplate.objects.for_practice(w.cast.practice).first().pk,
                "recipient": "Riverside Council",
                "purpose": "repairs",
                "consent_until": (date.today() + timedelta(days=30)).isoformat(),
            },
        ),
        "alongside.letters.forms.LetterForm": (
            lambda w, data: letters.LetterForm(data, initial={"version": 1}),
            lambda w: {
                "recipient": "Riverside Council",
                "purpose": "repairs",
                "consent_until": (date.today() + timedelta(days=30)).isoformat(),
                "body": "To {recipient}:\n{facts}",
                "version": 1,
            },
        ),
        "alongside.letters.forms.ChooseFactsForm": (
            lambda w, data: letters.ChooseFactsForm(
                data, offers=[Offer("experience:1", "What has happened", "Damp", "Mould.")]
            ),
            lambda w: {"facts": ["experience:1"]},
        ),
        "alongside.letters.forms.ApproveForm": (
            lambda w, data: letters.ApproveForm(data),
            lambda w: {"agree": "on"},
        ),
        "alongside.letters.forms.ChangeRequestForm": (
            lambda w, data: letters.ChangeRequestForm(data),
            lambda w: {"text": "Leave out my mum."},
        ),
        "alongside.letters.forms.TemplateForm": (
            lambda w, data: letters.TemplateForm(data, initial={"version": 1}),
            lambda w: {"kind": "general", "title": "T", "body": "Dear {recipient}", "version": 1},
        ),
        "alongside.letters.forms.LetterheadForm": (
            lambda w, data: letters.LetterheadForm(data),
            lambda w: {"name": "Riverside", "address": "1 Street", "email": "a@example.org"},
        ),
        # resources
        "alongside.resources.forms.ServiceForm": (
            lambda w, data: resources.ServiceForm(data),
            lambda w: {
                "organization_name": "Food Co-op",
                "name": "Pantry",
                "status": "active",
                "needs": ["food"],
                "tags": ["free"],
                "languages": "English, Polish",
                "areas": "Northtown",
                "url": "https://example.org/",
                "minimum_age": "16",
            },
        ),
        "alongside.resources.forms.SearchForm": (
            lambda w, data: resources.SearchForm(data, languages=["Arabic"], areas=["Riverside"]),
            lambda w: {"q": "housing", "need": "housing", "language": "Arabic", "tags": ["free"]},
        ),
        "alongside.resources.forms.FlagForm": (
            lambda w, data: resources.FlagForm(data),
            lambda w: {"reason": "closed", "note": "Shut in May."},
        ),
        "alongside.resources.forms.ShareForm": (
            lambda w, data: resources.ShareForm(data),
            lambda w: {"message": "They may help."},
        ),
        "alongside.resources.forms.StatusForm": (
            lambda w, data: resources.StatusForm(data),
            lambda w: {"status": "didnt_work_out", "barrier": "cost", "barrier_words": "Fees."},
        ),
        "alongside.resources.forms.MyStatusForm": (
            lambda w, data: resources.MyStatusForm(data),
            lambda w: {"status": "contacted", "barrier": "", "barrier_words": ""},
        ),
        # appointments
        "alongside.appointments.forms.AppointmentForm": (
            lambda w, data: appointments.AppointmentForm(
                data, clients=Client.objects.editable_by(w.cast.river)
            ),
            lambda w: {
                "client": w.cast.client.pk,
                "date": "2030-01-07",
                "time": "10:00",
                "minutes": "50",
                "modality": "video",
                "video_link": "https://video.example.org/room",
                "repeat": "weekly",
                "count": "4",
                "skipped": "2030-01-14",
            },
        ),
        "alongside.appointments.forms.MoveForm": (
            lambda w, data: appointments.MoveForm(data),
            lambda w: {"date": "2030-01-07", "time": "11:00", "reason": "Train strike."},
        ),
        "alongside.appointments.forms.CancelForm": (
            lambda w, data: appointments.CancelForm(data),
            lambda w: {"by": "client", "reason": "Childcare fell through."},
        ),
        "alongside.appointments.forms.MyCancelForm": (
            lambda w, data: appointments.MyCancelForm(data),
            lambda w: {"reason": "Work shift."},
        ),
        "alongside.appointments.forms.DeclineForm": (
            lambda w, data: appointments.DeclineForm(data),
            lambda w: {"reason": "Away that day."},
        ),
        "alongside.appointments.forms.WorkingHoursForm": (
            lambda w, data: appointments.WorkingHoursForm(data),
            lambda w: {"weekday": "1", "starts": "09:00", "ends": "13:00"},
        ),
        "alongside.appointments.forms.TimeOffForm": (
            lambda w, data: appointments.TimeOffForm(data),
            lambda w: {"first_day": "2030-01-07", "last_day": "2030-01-10"},
        ),
        "alongside.appointments.forms.AskForm": (
            lambda w, data: appointments.AskForm(data, times=[at(days=3)]),
            lambda w: {"starts_at": at(days=3).isoformat()},
        ),
        "alongside.appointments.forms.ReminderForm": (
            lambda w, data: appointments.ReminderForm(data, texts_possible=True),
            lambda w: {"by_email": "on", "by_text": "", "hours": ["24", "2"]},
        ),
        "alongside.appointments.forms.FeedForm": (
            lambda w, data: appointments.FeedForm(data),
            lambda w: {"show_names": "on"},
        ),
        "alongside.appointments.forms.WaitingForm": (
            lambda w, data: appointments.WaitingForm(
                data, clients=Client.objects.editable_by(w.cast.river)
            ),
            lambda w: {"client": w.cast.client.pk, "kind": "sooner"},
        ),
        "alongside.appointments.forms.BookingForm": (
            lambda w, data: appointments.BookingForm(
                data, instance=appointments.Booking(practice=w.cast.practice)
            ),
            lambda w: {"self_booking": "on", "minutes": "50", "notice_hours": "24"},
        ),
        # writing
        "alongside.writing.forms.DismissForm": (
            lambda w, data: writing.DismissForm(data),
            lambda w: {"reason": "own_word", "comment": ""},
        ),
        "alongside.writing.forms.PracticeLanguageForm": (
            lambda w, data: writing.PracticeLanguageForm(
                data, instance=language(w), initial={"version": language(w).version}
            ),
            lambda w: {"accept_list": "", "rule_pack": "", "version": language(w).version},
        ),
        # api
        "alongside.api.forms.TokenForm": (
            lambda w, data: TokenForm(data),
            lambda w: {"name": "reporting script", "scopes": "read", "days": "30"},
        ),
        # rights
        "alongside.rights.forms.CorrectionForm": (
            lambda w, data: rights.CorrectionForm(
                data, notes=Note.objects.released_to(w.cast.client_user)
            ),
            lambda w: {"part": "profile", "note": "", "text": "My pronouns are they/them."},
        ),
        "alongside.rights.forms.AnswerForm": (
            lambda w, data: rights.AnswerForm(data),
            lambda w: {"decision": "declined", "answer": "The note records what was said."},
        ),
        "alongside.rights.forms.EndOfWorkForm": (
            lambda w, data: rights.EndOfWorkForm(data),
            lambda w: {"ended_on": "2025-01-31", "birth_date": ""},
        ),
        "alongside.rights.forms.ConfirmForm": (
            lambda w, data: rights.ConfirmForm(data),
            lambda w: {"confirm": "on"},
        ),
        "alongside.rights.forms.RetentionRuleForm": (
            lambda w, data: rights.RetentionRuleForm(
                data, instance=RetentionRule(practice=w.cast.practice)
            ),
            lambda w: {
                "years_after_last_contact": "20",
                "age_of_majority": "18",
                "minor_keep_until_age": "25",
                "minor_years_after_majority": "0",
            },
        ),
        # equity
        "alongside.equity.forms.SettingsForm": (
            lambda w, data: equity.SettingsForm(
                data, instance=EquitySettings(practice=w.cast.practice)
            ),
            lambda w: {"k": "10", "round_to_5": "", "count_by_default": "on"},
        ),
        "alongside.equity.forms.GroupForm": (
            lambda w, data: equity.GroupForm(
                data,
                practice=w.cast.practice,
                dimension=ethnicity(),
                instance=ReportingGroup(practice=w.cast.practice, dimension=ethnicity()),
            ),
            lambda w: {"label": "Black"},
        ),
        "alongside.equity.forms.RuleForm": (
            lambda w, data: equity.RuleForm(data, instance=GroupRule()),
            lambda w: {"match": "contains", "phrase": "black"},
        ),
        "alongside.equity.forms.IntakeForm": (
            lambda w, data: equity.IntakeForm(
                data, instance=Intake(client=w.cast.client), initial={"version": 1}
            ),
            lambda w: {
                "referred_on": "2026-01-05",
                "ended_on": "2026-06-01",
                "ending": "agreed",
                "version": 1,
            },
        ),
        "alongside.equity.forms.CountMeForm": (
            lambda w, data: equity.CountMeForm(data),
            lambda w: {"counted": "yes"},
        ),
        "alongside.equity.forms.ReportForm": (
            lambda w, data: equity.ReportForm(data, practice=w.cast.practice),
            lambda w: {"since": "2026-01-01", "until": "2026-06-30", "by": "ethnicity", "also": ""},
        ),
        # plans
        **plan_forms(),
    }


def plan_forms():
    from alongside.plans import forms as plans
    from alongside.plans.records import plan_for

    def plan(w):
        return plan_for(w.cast.client)

    return {
        "alongside.plans.forms.SectionForm": (
            lambda w, data: plans.SectionForm(data, label="What I care about", checked=True),
            lambda w: {"text": "Fairness.", "version": 0},
        ),
        "alongside.plans.forms.GoalForm": (
            lambda w, data: plans.GoalForm(
                data,
                instance=None,
                initial={"version": 1},
                client=w.cast.client,
                viewer=w.cast.river,
                checked=True,
            ),
            lambda w: {
                "level": "collective",
                "title": "Join the tenants' union",
                "different": "Not alone with the landlord.",
                "status": "idea",
                "experiences": [],
                "systems": ["classism"],
                "version": 1,
            },
        ),
        "alongside.plans.forms.RatingForm": (
            lambda w, data: plans.RatingForm(data),
            lambda w: {"rating": "4"},
        ),
        "alongside.plans.forms.StepForm": (
            lambda w, data: plans.StepForm(
                data, instance=None, initial={"version": 1}, plan=plan(w), checked=True
            ),
            lambda w: {
                "goal": "",
                "what": "Ring the union.",
                "who": "client",
                "who_name": "",
                "by_when": "2026-03-01",
                "in_the_way": "",
                "version": 1,
            },
        ),
        "alongside.plans.forms.SupporterForm": (
            lambda w, data: plans.SupporterForm(data, instance=None, initial={"version": 1}),
            lambda w: {
                "kind": "person",
                "name": "Auntie Jo",
                "helps_with": "Tea.",
                "reach": "",
                "version": 1,
            },
        ),
        "alongside.plans.forms.SolidarityForm": (
            lambda w, data: plans.SolidarityForm(data, instance=None, initial={"version": 1}),
            lambda w: {
                "kind": "letter",
                "what": "A letter to the council.",
                "done_on": "2026-01-10",
                "outcome": "",
                "version": 1,
            },
        ),
        "alongside.plans.forms.ReviewDateForm": (
            lambda w, data: plans.ReviewDateForm(data),
            lambda w: {"review_on": "2026-04-01", "version": 1},
        ),
        "alongside.plans.forms.ReviewForm": (
            lambda w, data: plans.ReviewForm(data, checked=True),
            lambda w: {"how_going": "Steady."},
        ),
        "alongside.plans.forms.FeedbackForm": (
            lambda w, data: plans.FeedbackForm(data),
            lambda w: {"text": "Not quite.", "proposed_text": ""},
        ),
        "alongside.plans.forms.ReplyForm": (
            lambda w, data: plans.ReplyForm(data),
            lambda w: {"reply": "Thank you."},
        ),
        "alongside.plans.forms.AcceptForm": (
            lambda w, data: plans.AcceptForm(data),
            lambda w: {"reply": "", "version": 1},
        ),
        "alongside.plans.forms.CrisisLineForm": (
            lambda w, data: plans.CrisisLineForm(data),
            lambda w: {
                "name": "Night line",
                "how_to_reach": "0800 000 000",
                "when_open": "24 hours",
                "order": "1",
                "is_active": "on",
            },
        ),
    }


FORMS = _forms()

# --- Hostile values: tests/hostile.py -------------------------------------------------------


def junk_for(field):
    """A strategy of hostile values for one form field."""
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "off", "false", "0", "", "\x00"]), text)
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        return numbers
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return dates
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return st.lists(st.one_of(choice_values(field), text, numbers), max_size=4)
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        return st.one_of(choice_values(field), text, numbers)
    return text


def choice_values(field):
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        values = [str(v) for v in field.queryset.values_list(key, flat=True)[:20]]
    else:
        values = [str(value) for value, _label in field.choices if not isinstance(_label, list)]
    return st.sampled_from(values) if values else st.just("")


# --- The checks --------------------------------------------------------------------------------


def has_lone_surrogate(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings_in(item)


def must_refuse(field, value) -> str | None:
    """Why this text must be refused on its field, if it must."""
    if not isinstance(field, forms.CharField) or not isinstance(value, str):
        return None
    if "\x00" in value:
        return "a NUL byte"
    if has_lone_surrogate(value):
        return "a lone surrogate"
    kept = value.strip() if getattr(field, "strip", False) else value
    if field.max_length is not None and len(kept) > field.max_length:
        return f"{len(kept)} characters, over {field.max_length}"
    return None


def model_limit(form, name):
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name).max_length
    except Exception:  # a form-only field
        return None


def check(form, data, fuzzed, *, complete=True):
    """`complete`: the rest of the submission is valid. Without that (forms that need a
    device), a message above the form may be about what is missing, not what was fuzzed."""
    valid = form.is_valid()  # must not raise
    assert valid in (True, False)
    html = str(form)  # the failed submit is shown again, with what was typed
    assert SCRIPT not in html and "<img src=x" not in html
    if not valid:
        named = {name for name in form.errors if name != NON_FIELD_ERRORS}
        # Django shows a hidden field's errors above the form; so may the form's clean().
        hidden_only = all(form.fields[n].widget.is_hidden for n in fuzzed if n in form.fields)
        if complete and not hidden_only:
            assert named, f"only a message above the form: {form.errors.get_json_data()}"
        assert named <= set(form.fields), form.errors
        for messages in form.errors.values():
            assert all(str(message).strip() for message in messages)
    for name in fuzzed:
        field = form.fields.get(name)
        if field is None or field.disabled:
            continue
        reason = must_refuse(field, data[form.add_prefix(name)])
        if reason:
            assert name in form.errors, f"{name} accepted {reason}"
    if valid:
        for name, value in form.cleaned_data.items():
            for piece in strings_in(value):
                assert "\x00" not in piece, f"{name} kept a NUL byte"
                assert not has_lone_surrogate(piece), f"{name} kept a lone surrogate"
                keyring().encrypt(piece)  # storable as encrypted text
            limit = model_limit(form, name)
            if isinstance(value, str) and limit is not None:
                assert len(value) <= limit, f"{name}: {len(value)} > {limit}"


@pytest.fixture
def world(cast):
    return make_world(cast)


# A code or passkey form can't be filled validly without a device: their valid paths are
# tested in accounts/tests (test_second_factor, test_passkeys); here they get hostile input.
WITH_BASELINE = sorted(name for name, (_make, valid) in FORMS.items() if valid is not None)


@pytest.mark.parametrize("name", WITH_BASELINE)
def test_a_valid_submission_is_accepted(world, name):
    make, valid = FORMS[name]
    form = make(world, {})
    data = {form.add_prefix(k): v for k, v in valid(world).items()}
    form = make(world, data)
    assert form.is_valid(), form.errors.get_json_data()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_is_refused_on_its_field_and_never_crashes(world, name):
    make, valid = FORMS[name]
    blank = make(world, None)
    baseline = valid(world) if valid else {}
    names = [n for n, f in blank.fields.items() if not f.disabled]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(st.data())
    def fuzz(draw):
        chosen = draw.draw(st.sets(st.sampled_from(names), min_size=1), label="fields")
        values = {n: draw.draw(junk_for(blank.fields[n]), label=n) for n in sorted(chosen)}
        data = {blank.add_prefix(k): v for k, v in {**baseline, **values}.items()}
        check(make(world, data), data, chosen, complete=valid is not None)

    fuzz()


def test_every_form_is_fuzzed_or_skipped_for_a_reason():
    found = set(form_classes())
    covered = {name.split("[")[0] for name in FORMS}
    assert found - covered - set(SKIPPED) == set(), "add these forms to FORMS or SKIPPED"
    assert covered - found == set(), "FORMS names forms that no longer exist"
    assert set(SKIPPED) <= found


def test_every_free_text_field_has_a_length_limit(world):
    """An encrypted (or any) TextField has no length in the database, so the form is the
    only limit on what is stored."""
    unlimited = []
    for name, (make, _valid) in FORMS.items():
        for field_name, field in make(world, None).fields.items():
            if (
                isinstance(field, forms.CharField)
                and field.max_length is None
                and not isinstance(field.widget, forms.PasswordInput)  # hashed, not stored
            ):
                unlimited.append(f"{name}.{field_name}")
    assert unlimited == []
