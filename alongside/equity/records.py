"""Every write in this app, each a named function in one transaction with its audit event."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.versioning import StaleEdit, claim_next_version
from alongside.equity.models import CountingChoice, Intake

__all__ = ["StaleEdit"]


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
        current = Intake.objects.filter(client=client).first()
        if current is not None:
            claim_next_version(current, form.cleaned_data["version"])
        intake = form.save(commit=False)
        intake.client = client
        intake.version = current.version if current else 1
        if current is not None:
            intake.pk = current.pk
            intake.save()
        else:
            try:
                with transaction.atomic():
                    intake.save()
            except IntegrityError:
                # Two first saves at once: the other one made the row.
                raise StaleEdit(_("Someone else saved this after you opened it.")) from None
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
