"""Properties of the audit chain, over any sequence of events (security.md 8).

Whatever events are recorded (any actor, action, object type and id, client, outcome), the
chain verifies; and changing any one field of any one row by raw SQL, past the triggers, makes
`verify()` name exactly that row.

Each example runs in a transaction that is rolled back at its end, so the dropped triggers
and the tampered row are gone before the next example.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.audit.chain import record, verify
from alongside.audit.models import Action, AuditEvent, Outcome
from alongside.audit.tests.test_chain import _drop_guards

pytestmark = pytest.mark.django_db

# What the code records: ids and short words, never NUL bytes or lone surrogates.
word = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
actors = st.one_of(
    st.none(),
    st.builds(
        SimpleNamespace,
        pk=st.integers(1, 2**62),
        role=st.sampled_from(["therapist", "supervisor", "admin", "client"]),
    ),
)
events = st.fixed_dictionaries(
    {
        "actor": actors,
        "action": st.sampled_from(Action.values),
        "object_type": st.text(word, min_size=1, max_size=40),
        "object_id": st.one_of(
            st.integers(0, 2**62), st.text(word, max_size=40), st.just(""), st.none()
        ),
        "client_id": st.one_of(st.none(), st.integers(1, 2**62)),
        "outcome": st.sampled_from(Outcome.values),
    }
)
TAMPERABLE = [
    "at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "outcome",
    "prev_mac",
    "mac",
]
LIMITS = {f.name: f.max_length for f in AuditEvent._meta.fields if f.max_length}
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def other_value(draw, field, current):
    """A value for `field` that differs from `current` and fits the column."""
    if field == "at":
        return current + timedelta(microseconds=draw(st.integers(1, 10**9)))
    if field in ("actor_id", "client_id"):
        return draw(st.one_of(st.none(), st.integers(1, 2**62)).filter(lambda v: v != current))
    if field in ("prev_mac", "mac"):
        return draw(
            st.text("0123456789abcdef", min_size=64, max_size=64).filter(lambda v: v != current)
        )
    return draw(st.text(word, min_size=1, max_size=LIMITS[field]).filter(lambda v: v != current))


def raw_update(event_id, field, value):
    column = connection.ops.quote_name(AuditEvent._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, event_id],
        )


@PROPERTY
@given(batch=st.lists(events, min_size=1, max_size=12), data=st.data())
def test_any_events_verify_and_any_one_changed_field_names_its_row(batch, data):
    with transaction.atomic():
        for event in batch:
            record(**event)
        report = verify()
        assert report.ok, report
        assert report.checked == AuditEvent.objects.count() == len(batch)

        target = data.draw(st.integers(1, len(batch)), label="row")
        field = data.draw(st.sampled_from(TAMPERABLE), label="field")
        current = getattr(AuditEvent.objects.get(pk=target), field)
        _drop_guards()
        raw_update(target, field, other_value(data.draw, field, current))

        report = verify()
        assert report.broken_at == target, (field, report)
        assert report.checked == target - 1
        transaction.set_rollback(True)


def test_the_guards_are_back_after_a_rolled_back_example(db):
    """The property above drops the triggers inside a transaction it rolls back."""
    test_any_events_verify_and_any_one_changed_field_names_its_row()
    record(actor=None, action=Action.VIEW, object_type="client", object_id=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=1).update(actor_role="therapist")
    assert verify().ok
