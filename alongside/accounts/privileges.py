"""Changes to what a person may do or see: role, supervisor link, account on/off, privacy
officer, email address, and Django's own flags.

Two rules, both here so that every path keeps them:

1. Every such change is an audit event (ids only). A pre/post-save pair on User compares
   the row with what the database held, so a change made by any code path is recorded,
   not only the ones made through the staff form. Whoever made it is `person._changed_by`
   (set by the view); changes with none set are recorded as the system's.

2. Nobody gains clinical access on the practice admin's word alone. A supervisor the admin
   names is only *proposed*: `User.supervisor`, the link that opens records, is set when
   the therapist confirms on their own page. The therapist and the practice's privacy
   officers are emailed when a supervisor is proposed, and privacy officers whenever
   someone gets a clinical role. A role change ends the person's existing supervision
   links (their supervisees confirm again), and an admin cannot change their own role.
"""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from alongside.accounts.models import STAFF_ROLES, Role, User
from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core import languages

logger = logging.getLogger(__name__)

CLINICAL_ROLES = (Role.THERAPIST, Role.SUPERVISOR)

# field -> the audit object_type of a change to it
TRACKED = {
    "role": "account_role",
    "supervisor_id": "supervisor_link",
    "proposed_supervisor_id": "proposed_supervisor",
    "is_active": "account_active",
    "is_privacy_officer": "privacy_officer",
    "email": "account_email",
    "is_superuser": "account_superuser_flag",
    "is_staff": "account_staff_flag",
}


def _attname_to_field(attname: str) -> str:
    return attname.removesuffix("_id")


@receiver(pre_save, sender=User)
def _note_privilege_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._privilege_changes = []
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = list(TRACKED)
    if update_fields is not None:
        wanted = set(update_fields)
        fields = [f for f in fields if f in wanted or _attname_to_field(f) in wanted]
        if not fields:
            return  # e.g. last_login at sign-in: nothing tracked changes
    before = User.objects.filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    instance._privilege_changes = [f for f in fields if before[f] != getattr(instance, f)]


@receiver(post_save, sender=User)
def _audit_privilege_changes(sender, instance, created=False, raw=False, **kwargs):
    changes = getattr(instance, "_privilege_changes", [])
    instance._privilege_changes = []
    if raw or created or not changes:
        return
    actor = getattr(instance, "_changed_by", None)
    for field in changes:
        record(actor=actor, action=Action.UPDATE, object_type=TRACKED[field], object_id=instance.pk)


def privacy_officers(practice):
    return User.objects.filter(
        practice=practice, is_privacy_officer=True, is_active=True, role__in=STAFF_ROLES
    ).exclude(email="")


def _email(recipients, subject, template, context) -> None:
    """Best effort, after the change is saved: a mail failure is logged (ids only), and the
    change stays in the audit trail either way."""
    for person in recipients:
        if not person.email:
            continue
        try:
            with languages.for_person(person):  # each reader in their own language
                send_mail(str(subject), render_to_string(template, context), None, [person.email])
        except Exception:  # any mail failure: log it, the change itself stands
            logger.exception("Could not email %s about an access change", person.pk)


def propose_supervisor(therapist, supervisor, *, by) -> None:
    """The admin names `supervisor` for `therapist` (None: no supervisor). Taking a
    supervisor away is immediate; a new one waits for the therapist to confirm."""
    if supervisor is not None and supervisor.pk == therapist.proposed_supervisor_id:
        return  # already waiting for the therapist: nothing new to tell anyone
    if supervisor is not None and supervisor.pk == therapist.supervisor_id:
        therapist.proposed_supervisor = None  # unchanged: withdraw any other proposal
    elif supervisor is None:
        therapist.supervisor = None
        therapist.proposed_supervisor = None
    else:
        therapist.supervisor = None  # the old supervisor's access ends now
        therapist.proposed_supervisor = supervisor
    therapist._changed_by = by
    changed_proposal = supervisor is not None and therapist.proposed_supervisor_id == supervisor.pk
    therapist.save(update_fields=["supervisor", "proposed_supervisor"])
    if changed_proposal:
        _tell_of_proposal(therapist, supervisor, by)


def _tell_of_proposal(therapist, supervisor, by) -> None:
    context = {"therapist": therapist, "supervisor": supervisor, "admin": by}
    _email(
        [therapist],
        gettext_lazy("Please confirm your supervisor in Alongside"),
        "accounts/supervisor_proposed_email.txt",
        {**context, "to_therapist": True},
    )
    _email(
        privacy_officers(therapist.practice).exclude(pk=therapist.pk),
        gettext_lazy("A supervisor was named for a therapist"),
        "accounts/supervisor_proposed_email.txt",
        context,
    )


def answer_proposal(therapist, *, confirm: bool) -> User | None:
    """The therapist confirms (or declines) the supervisor the admin named. Returns the
    supervisor who now reads their clients' records, if confirmed."""
    with transaction.atomic():
        therapist = User.objects.select_for_update().get(pk=therapist.pk)
        proposed = therapist.proposed_supervisor
        if proposed is None:
            return None
        if confirm and proposed.role == Role.SUPERVISOR and proposed.is_active:
            therapist.supervisor = proposed
        therapist.proposed_supervisor = None
        therapist._changed_by = therapist
        therapist.save(update_fields=["supervisor", "proposed_supervisor"])
        return therapist.supervisor if confirm else None


def role_changed(person, old_role, *, by) -> None:
    """After `person`'s role changed from `old_role`: their supervision links end (anyone
    they supervised must confirm them again), a non-therapist keeps no supervisor, and
    privacy officers are told when someone gains a clinical role."""
    for supervisee in User.objects.filter(supervisor=person) | User.objects.filter(
        proposed_supervisor=person
    ):
        supervisee._changed_by = by
        supervisee.supervisor = None
        if person.role == Role.SUPERVISOR:
            supervisee.proposed_supervisor = person
        elif supervisee.proposed_supervisor_id == person.pk:
            supervisee.proposed_supervisor = None
        supervisee.save(update_fields=["supervisor", "proposed_supervisor"])
    if person.role != Role.THERAPIST and (person.supervisor_id or person.proposed_supervisor_id):
        person._changed_by = by
        person.supervisor = person.proposed_supervisor = None
        person.save(update_fields=["supervisor", "proposed_supervisor"])
    if person.role in CLINICAL_ROLES and old_role not in CLINICAL_ROLES:
        tell_of_clinical_role(person, by)


def address_changed(person, *, by) -> None:
    """After the admin changed a staff member's email address. Whoever reads that address
    can take over an account not yet set up (through a new invitation), so a supervisor's
    confirmed links go back to waiting for each supervisee, and privacy officers are told
    when the account is clinical."""
    if person.role == Role.SUPERVISOR:
        for supervisee in User.objects.filter(supervisor=person):
            supervisee._changed_by = by
            supervisee.supervisor = None
            supervisee.proposed_supervisor = person
            supervisee.save(update_fields=["supervisor", "proposed_supervisor"])
            _tell_of_proposal(supervisee, person, by)
    if person.role in CLINICAL_ROLES:
        tell_of_clinical_role(person, by, address_changed=True)


def tell_of_clinical_role(person, by, *, address_changed=False) -> None:
    _email(
        privacy_officers(person.practice).exclude(pk=person.pk),
        gettext_lazy("A clinical account's email address was changed in Alongside")
        if address_changed
        else gettext_lazy("Someone was given a clinical role in Alongside"),
        "accounts/clinical_role_email.txt",
        {"person": person, "admin": by, "address_changed": address_changed},
    )
