"""One way to refuse a save over someone else's newer change, for every versioned record.

Every edit form carries the `version` it was opened at (`core.forms.VersionedForm`). A save
first claims the next version with one conditional UPDATE:

    UPDATE ... SET version = version + 1 WHERE id = %s AND version = <the form's version>

and writes nothing else if no row matched. The UPDATE takes the row's lock (PostgreSQL) or
the database's write lock (SQLite) until the transaction ends, so of two saves opened at the
same version exactly one claims it: the other's UPDATE waits for the first to commit, then
matches no row and raises StaleEdit. Reading the version with a plain SELECT first and
writing after (what the client profile did) lets both saves pass on PostgreSQL, where reads
under READ COMMITTED don't wait for writers: both were acknowledged and one was lost.

After a StaleEdit the view calls `keep_what_they_typed`: nothing the person typed is lost,
and the page says what happened.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """The record changed since the form was opened."""


def _rows(obj, queryset):
    return queryset if queryset is not None else type(obj)._default_manager.all()


def claim_next_version(obj, expected, *, queryset=None, message=None) -> int:
    """Claim the version after `expected` for `obj`, or raise StaleEdit.

    Call it inside `transaction.atomic()`, before any other write of the save, and then save
    `obj` (its `version` is set to the claimed number). `queryset` narrows which rows may be
    claimed (e.g. only unsigned notes); a row outside it counts as changed.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_next_version must run inside transaction.atomic()")
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        expected = None
    claimed = expected is not None and (
        _rows(obj, queryset).filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
    )
    if not claimed:
        raise StaleEdit(message or _("Someone else saved this after you opened it."))
    obj.version = expected + 1
    return obj.version


def move_version_on(obj, *, queryset=None) -> bool:
    """Move the version on without checking it (a change made beside the form, such as a new
    link to the record), so any form opened before it is stale. False if no row matched."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move_version_on must run inside transaction.atomic()")
    return bool(_rows(obj, queryset).filter(pk=obj.pk).update(version=F("version") + 1))


def saved_version(obj, *, queryset=None):
    """The version saved now (after a StaleEdit), or None if the row is gone."""
    return _rows(obj, queryset).filter(pk=obj.pk).values_list("version", flat=True).first()


def keep_what_they_typed(form, message, *, saved=None):
    """The form after a StaleEdit: still holding what the person typed, with `message` at
    its top.

    `saved` is the version saved meanwhile. Give it when the page shows the saved text beside
    theirs: the form then points at that version, so their next Save, made after reading the
    other text, goes through (unless someone saves again). Without it the form keeps the
    version it was opened at, and a second Save is refused too until they reload: right for
    pages that can't show the other change.
    """
    if saved is not None:
        data = form.data.copy()
        data[form.add_prefix("version")] = str(saved)
        form.data = data
        form._errors = None  # clean again, with the new version
        form.full_clean()
    form.add_error(None, message)
    return form
