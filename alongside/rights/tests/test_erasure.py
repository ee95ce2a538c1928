"""Erasure keeps exactly what the retention rule says; discharge and closing an account."""

from datetime import date, timedelta

import pytest

from alongside.accounts.models import User
from alongside.audit.chain import verify
from alongside.audit.models import Action, AuditEvent
from alongside.clients.activity import tell_therapist
from alongside.clients.home import mark_opened
from alongside.clients.models import Client, ClientActivity, PortalSeen
from alongside.context.models import Experience
from alongside.letters.models import Letter, LetterConsent
from alongside.letters.tests import objects as letters_objects
from alongside.measures.models import Response
from alongside.measures.tests.conftest import answered, phq
from alongside.notes.models import Note, PrivateReflection, Session
from alongside.notes.tests import helpers as notes_objects
from alongside.plans.models import Goal, Plan, Step
from alongside.plans.tests import objects as plans_objects
from alongside.resources.models import Referral, ReferralUpdate, Service
from alongside.resources.tests import objects as resources_objects
from alongside.rights import erasure, retention
from alongside.rights.models import EndOfWork, Erasure, RetentionRule

ENGLAND = retention.Rule(**retention.PRESETS["england"])
US = retention.Rule(**retention.PRESETS["us_apa"])


def test_england_keeps_adult_records_20_years_after_the_last_contact():
    decision = retention.keep_until(ENGLAND, date(2020, 3, 1), None)
    assert decision.keep_until == date(2040, 3, 1)


def test_england_keeps_a_childs_record_at_least_until_their_25th_birthday():
    rule = retention.Rule(5, minor_keep_until_age=25)  # a short adult rule shows the child's
    decision = retention.keep_until(rule, date(2020, 1, 1), date(2008, 6, 1))
    assert decision.keep_until == date(2033, 6, 1)
    assert "under 18" in decision.reason


def test_us_keeps_7_years_or_3_years_after_a_minor_comes_of_age_whichever_is_later():
    assert retention.keep_until(US, date(2020, 1, 1), None).keep_until == date(2027, 1, 1)
    minor = retention.keep_until(US, date(2020, 1, 1), date(2010, 6, 1))
    assert minor.keep_until == date(2031, 6, 1)
    grown = retention.keep_until(US, date(2020, 1, 1), date(1990, 6, 1))
    assert grown.keep_until == date(2027, 1, 1)


def test_a_practice_sets_its_own_rule(cast):
    RetentionRule.objects.create(practice=cast.practice, **retention.PRESETS["us_apa"])
    assert retention.rule_for(cast.practice) == US
    assert retention.rule_for(cast.outsider_therapist.practice) == ENGLAND


@pytest.fixture
def record(cast):
    note = notes_objects.cast_note(cast)
    draft = notes_objects.cast_draft(cast)
    answered(cast.client, "phq-9", phq(1, 1, 1, 1, 1, 1, 1, 1, 0))
    tell_therapist(cast.client, kind="comment", summary="commented")
    Experience.objects.create(
        client=cast.client, title="CANARY-EXPERIENCE", what_happened="x",
        domain_id=_domain(),
    )  # fmt: skip
    return note, draft


def _domain():
    from alongside.context.models import LifeDomain

    return LifeDomain.objects.first().pk


def test_within_retention_only_what_may_go_is_erased_and_the_client_is_told_until_when(
    cast, record
):
    note, _draft = record
    Response.objects.create(
        check_in=_open_check_in(cast), client=cast.client, instrument="phq-9",
        questionnaire_version="1", via="portal",
    )  # fmt: skip
    mark_opened(cast.client, PortalSeen.Kind.NOTE, note.pk)
    done = erasure.erase(cast.client_user, cast.client, by_client=True)
    assert done.outcome == Erasure.Outcome.PART
    last = erasure.last_contact(cast.client)
    assert done.keep_until == retention.add_years(last, 20)
    assert "20 years" in done.rule
    # What may go is gone ...
    assert not ClientActivity.objects.filter(client=cast.client).exists()
    assert not PortalSeen.objects.filter(client=cast.client).exists()
    assert not Response.objects.filter(client=cast.client, submitted_at__isnull=True).exists()
    # ... and exactly what the rule keeps stays.
    assert Note.objects.filter(pk=note.pk).exists()
    assert Response.objects.filter(client=cast.client).completed().count() == 1
    assert Experience.objects.filter(client=cast.client).exists()
    event = AuditEvent.objects.filter(action=Action.DELETE).last()
    assert (event.object_type, event.client_id) == ("record_erasure_part", cast.client.pk)


def _open_check_in(cast):
    from alongside.measures.tests import objects as measures_objects

    return measures_objects.open_check_in(cast)


def test_after_retention_everything_goes_and_the_audit_chain_still_holds(cast, record):
    note, draft = record
    client_id, user_id = cast.client.pk, cast.client_user.pk
    erasure.end_work(cast.river, cast.client, ended_on=date.today() - timedelta(days=1))
    far = date.today() + timedelta(days=366 * 21)
    audit_rows = AuditEvent.objects.count()
    done = erasure.erase(cast.river, cast.client, by_client=False, today=far)
    assert done.outcome == Erasure.Outcome.ALL and done.keep_until is None
    assert not Client.objects.filter(pk=client_id).exists()
    assert not Note.objects.filter(pk__in=[note.pk, draft.pk]).exists()
    assert not PrivateReflection.objects.filter(note_id=note.pk).exists()
    assert not Session.objects.filter(client_id=client_id).exists()
    assert not Experience.objects.filter(client_id=client_id).exists()
    assert not Response.objects.filter(client_id=client_id).exists()
    assert not User.objects.filter(pk=user_id).exists()
    assert not EndOfWork.objects.filter(client_id=client_id).exists()
    # The erasure itself is recorded, with ids only, and the chain is whole.
    assert AuditEvent.objects.count() == audit_rows + 1
    event = AuditEvent.objects.last()
    assert (event.action, event.object_type, event.client_id) == (
        Action.DELETE, "record_erasure", client_id,
    )  # fmt: skip
    assert verify().ok
    assert Erasure.objects.get(client_ref=client_id).outcome == Erasure.Outcome.ALL


def test_after_retention_the_plan_letters_and_referrals_go_too_but_not_the_directory(cast):
    client_id = cast.client.pk
    step = plans_objects.step(cast, goal=plans_objects.goal(cast))
    letter = letters_objects.finalised(cast)
    referral = resources_objects.tracked_referral(cast)
    ReferralUpdate.objects.create(referral=referral, status=referral.status, by=cast.client_user)
    assert LetterConsent.objects.filter(letter=letter).exists()
    erasure.end_work(cast.river, cast.client, ended_on=date.today() - timedelta(days=1))
    far = date.today() + timedelta(days=366 * 21)
    done = erasure.erase(cast.river, cast.client, by_client=False, today=far)
    assert done.outcome == Erasure.Outcome.ALL
    assert not Plan.objects.filter(client_id=client_id).exists()
    assert not Goal.objects.filter(pk=step.goal_id).exists()
    assert not Step.objects.filter(pk=step.pk).exists()
    assert not Letter.objects.filter(client_id=client_id).exists()
    assert not LetterConsent.objects.filter(letter_id=letter.pk).exists()
    assert not Referral.objects.filter(client_id=client_id).exists()
    assert not ReferralUpdate.objects.filter(referral_id=referral.pk).exists()
    assert Service.objects.filter(pk=referral.service_id).exists()  # the practice's, not theirs


def test_the_rule_for_children_keeps_their_record_longer(cast, record):
    RetentionRule.objects.create(practice=cast.practice, **retention.PRESETS["us_apa"])
    today = date.today()
    birth = retention.add_years(today, -10)
    erasure.end_work(cast.river, cast.client, ended_on=today, birth_date=birth.isoformat())
    eight_years_on = retention.add_years(today, 8)  # past 7 years, but they are only 18
    chosen = erasure.plan(cast.client, eight_years_on)
    assert not chosen.everything
    assert chosen.decision.keep_until == retention.add_years(birth, 21)


def test_discharge_stops_check_ins(cast):
    from alongside.measures import checkins
    from alongside.measures.models import CheckInStatus

    assignment = checkins.assign(cast.river, cast.client, instrument="phq-9", schedule="once")
    erasure.end_work(cast.river, cast.client, ended_on=date.today())
    assignment.refresh_from_db()
    assert assignment.stopped_at is not None
    assert not assignment.check_ins.filter(status=CheckInStatus.OPEN).exists()
    assert erasure.last_contact(cast.client) == date.today()


def test_closing_the_portal_account_keeps_the_record(cast):
    assert erasure.close_account(cast.client_user, cast.client)
    cast.client_user.refresh_from_db()
    assert not cast.client_user.is_active and not cast.client_user.has_usable_password()
    assert Client.objects.filter(pk=cast.client.pk).exists()
    assert Client.objects.visible_to(cast.client_user).count() == 0
    assert not erasure.close_account(cast.client_user, cast.client)  # already closed
