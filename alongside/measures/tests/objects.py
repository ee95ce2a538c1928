"""Objects for the cast, for the access walk in tests/test_object_access.py."""

from alongside.measures import checkins
from alongside.measures.models import Flag, FlagKind, Via
from alongside.measures.tests.conftest import FEEDBACK_OK, make_check_in


def open_check_in(cast):
    return make_check_in(cast.client)


def assignment(cast):
    return make_check_in(cast.client).assignment


def response(cast):
    check_in = make_check_in(cast.client)
    return checkins.submit(None, check_in, dict(FEEDBACK_OK), via=Via.DEMO)


def prompt(cast):
    answered = response(cast)
    return Flag.objects.create(
        client=cast.client, response=answered, kind=FlagKind.RUPTURE, item="safe"
    )
