"""Every write in this app, each a named function in one transaction with its audit event."""

from django.db import transaction

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.equity.models import CountingChoice, Intake


class StaleEdit(Exception):
    pass


def choose_counting(user, client, counted: bool) -> CountingChoice:
    """The client's own choice, kept with its time and audited (no reason asked for)."""
    with transaction.atomic():
        choice, created = CountingChoice.objects.update_or_create(
            client=client, defaults={"counted": counted}
        )
        record(
            actor=user,
            action=Action.CREATE if created else Action.UPDATE,
            object_type="equity_choice",
            object_id=choice.pk,
            client_id=client.pk,
        )
    return choice


def save_intake(user, client, form) -> Intake:
    with transaction.atomic():
        current = Intake.objects.select_for_update().filter(client=client).first()
        if current is not None and current.version != form.cleaned_data["version"]:
            raise StaleEdit
        intake = form.save(commit=False)
        intake.client = client
        intake.version = (current.version + 1) if current else 1
        if current is not None:
            intake.pk = current.pk
        intake.save()
        record(
            actor=user,
            action=Action.UPDATE if current else Action.CREATE,
            object_type="intake",
            object_id=intake.pk,
            client_id=client.pk,
        )
    return intake


def admin_change(user, action, object_type, obj, save=None):
    """A practice-admin change (settings, groups, rules): saved and audited together, so
    a rule made to single someone out is on the record."""
    with transaction.atomic():
        if save is not None:
            save()
        record(actor=user, action=action, object_type=object_type, object_id=obj.pk or "")
