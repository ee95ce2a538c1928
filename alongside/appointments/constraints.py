"""Nothing double-booked, guaranteed by the database.

PostgreSQL: an exclusion constraint (django.contrib.postgres) on a time range per therapist,
over the appointments that hold their time. SQLite has no exclusion constraints: triggers
refuse an insert or update that would overlap. Alongside runs SQLite with IMMEDIATE
transactions, so two writers never both pass the trigger's check before either commits.

The constraint is added by the `NoDoubleBooking` migration operation rather than in
`Meta.constraints`, because the model state can't hold a constraint for one database only.
"""

from django.db import models
from django.db.migrations.operations.base import Operation

NAME = "appointments_no_double_booking"
TABLE = "appointments_appointment"
HOLDING_SQL = "('requested', 'booked', 'happened')"


def exclusion_constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import RangeBoundary, RangeOperators

    class TsTzRange(models.Func):
        function = "TSTZRANGE"
        output_field = models.DateTimeField()

    return ExclusionConstraint(
        name=NAME,
        expressions=[
            ("therapist", RangeOperators.EQUAL),
            (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
        ],
        condition=models.Q(status__in=["requested", "booked", "happened"]),
    )


def _trigger(event: str, not_itself: str) -> str:
    # Built from this module's constants only; nothing typed reaches it.
    return f"""
CREATE TRIGGER {NAME}_{event.split()[0].lower()} BEFORE {event} ON {TABLE}
WHEN NEW.status IN {HOLDING_SQL}
BEGIN
  SELECT RAISE(ABORT, '{NAME}') WHERE EXISTS (
    SELECT 1 FROM {TABLE} AS other
    WHERE other.therapist_id = NEW.therapist_id {not_itself}
      AND other.status IN {HOLDING_SQL}
      AND julianday(other.starts_at) < julianday(NEW.ends_at)
      AND julianday(NEW.starts_at) < julianday(other.ends_at)
  );
END;
"""  # noqa: S608


SQLITE_TRIGGERS = [
    _trigger("INSERT", ""),
    _trigger("UPDATE OF therapist_id, starts_at, ends_at, status", "AND other.id != NEW.id"),
]


class NoDoubleBooking(Operation):
    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            model = to_state.apps.get_model(app_label, "Appointment")
            schema_editor.add_constraint(model, exclusion_constraint())
        elif vendor == "sqlite":
            for sql in SQLITE_TRIGGERS:
                schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            model = from_state.apps.get_model(app_label, "Appointment")
            schema_editor.remove_constraint(model, exclusion_constraint())
        elif vendor == "sqlite":
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}_{event}")

    def describe(self):
        return "No two appointments of one therapist overlap (database-enforced)"


# On SQLite, a later migration that alters the appointment table remakes it (copy, drop,
# rename), which drops these triggers: such a migration must run NoDoubleBooking again.
# tests/test_no_double_booking.py fails if the triggers are missing after migrating.
