"""Check-ins for the cast's client Ash (River's client) and Noor (Colleague's)."""

import pytest

from alongside.measures import checkins
from alongside.measures.models import Assignment, CheckIn, Schedule, Via

FEEDBACK_OK = {"safe": 9, "heard": 9, "respected": 9, "power": 8, "mattered": 9, "overall": 9}
PHQ_LINK = "LA6568-5"


def phq(*scores):
    codes = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    return {f"phq9-{n}": codes[s] for n, s in enumerate(scores, start=1)}


def make_check_in(client, instrument="session-feedback", due_on=None):
    assignment = Assignment.objects.create(
        client=client, instrument=instrument, schedule=Schedule.ONCE, assigned_by=client.therapist
    )
    return CheckIn.objects.create(
        assignment=assignment,
        client=client,
        instrument=instrument,
        due_on=due_on or assignment.starts_on,
    )


def answered(client, instrument="session-feedback", answers=None, at=None):
    check_in = make_check_in(client, instrument)
    return checkins.submit(None, check_in, answers or dict(FEEDBACK_OK), via=Via.DEMO, at=at)


@pytest.fixture
def check_in(cast):
    return make_check_in(cast.client)


@pytest.fixture
def other_check_in(cast):
    return make_check_in(cast.other_client)
