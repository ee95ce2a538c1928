"""Writes to the directory and to referrals: each a named function, atomic and audited.

Directory rows are not clinical, but who changed them is still worth keeping. Referral
events carry the client's id (so they appear in "Who has seen my record") and never text.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.clients.activity import tell_therapist
from alongside.resources.models import (
    Flag,
    Label,
    Language,
    Location,
    Organization,
    Phone,
    Referral,
    ReferralUpdate,
    RequiredDocument,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Status,
)
from alongside.resources.search import reindex

RESOURCE = "resource"
REFERRAL = "referral"


def _audit_resource(actor, action, service):
    record(actor=actor, action=action, object_type=RESOURCE, object_id=service.pk)


# Directory ---------------------------------------------------------------------------------


def save_service(actor, form, *, review=Review.APPROVED) -> Service:
    """Create or change a service from ServiceForm, its pieces replaced by what was typed."""
    data = form.cleaned_data
    practice = actor.practice
    with transaction.atomic():
        service = form.save(commit=False)
        creating = service.pk is None
        if creating:
            service.practice = practice
            service.review = review
            if review == Review.SUGGESTED:
                service.suggested_by = actor
            service.organization = Organization.objects.create(
                practice=practice, name=data["organization_name"]
            )
        else:
            service.organization.name = data["organization_name"]
            service.organization.save(update_fields=["name"])
        service.save()
        _replace_pieces(service, data)
        reindex(service)
        _audit_resource(actor, Action.CREATE if creating else Action.UPDATE, service)
    return service


def _replace_pieces(service, data):
    service.labels.all().delete()
    Label.objects.bulk_create(
        [Label(service=service, kind=Label.Kind.NEED, code=c) for c in data["needs"]]
        + [Label(service=service, kind=Label.Kind.TAG, code=c) for c in data["tags"]]
    )
    service.languages.all().delete()
    Language.objects.bulk_create([Language(service=service, name=n) for n in data["languages"]])
    service.areas.all().delete()
    ServiceArea.objects.bulk_create([ServiceArea(service=service, name=n) for n in data["areas"]])
    service.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        [RequiredDocument(service=service, document=d) for d in data["documents"]]
    )
    service.phones.all().delete()
    if data["phone"]:
        Phone.objects.create(service=service, number=data["phone"])
    service.schedules.all().delete()
    if data["opening_times"]:
        Schedule.objects.create(service=service, description=data["opening_times"])
    sal = service.at_locations.select_related("location").first()
    address = {
        "address_1": data["address"],
        "city": data["city"],
        "postal_code": data["postal_code"],
    }
    if sal:
        Location.objects.filter(pk=sal.location_id).update(**address)
    elif any(address.values()):
        location = Location.objects.create(organization=service.organization, **address)
        ServiceAtLocation.objects.create(service=service, location=location)


def mark_checked(actor, service) -> None:
    with transaction.atomic():
        service.last_checked = timezone.localdate()
        service.save(update_fields=["last_checked", "updated_at"])
        _audit_resource(actor, Action.UPDATE, service)


def flag_service(actor, service, form) -> Flag:
    with transaction.atomic():
        flag = form.save(commit=False)
        flag.service = service
        flag.flagged_by = actor
        flag.save()
        _audit_resource(actor, Action.UPDATE, service)
    return flag


def resolve_flag(actor, flag) -> None:
    with transaction.atomic():
        flag.resolved_at = timezone.now()
        flag.save(update_fields=["resolved_at"])
        _audit_resource(actor, Action.UPDATE, flag.service)


def decide(actor, service, *, approve: bool) -> None:
    with transaction.atomic():
        service.review = Review.APPROVED if approve else Review.DECLINED
        service.save(update_fields=["review", "updated_at"])
        _audit_resource(actor, Action.UPDATE, service)


# Referrals ---------------------------------------------------------------------------------


def _audit_referral(actor, action, referral):
    record(
        actor=actor,
        action=action,
        object_type=REFERRAL,
        object_id=referral.pk,
        client_id=referral.client_id,
    )


def share(actor, client, service, message: str) -> Referral:
    """The therapist gives the client a resource ("for you"). Not tracked until they say so."""
    with transaction.atomic():
        referral = Referral.objects.create(
            client=client, service=service, message=message, shared_by=actor
        )
        _audit_referral(actor, Action.CREATE, referral)
    return referral


def track(actor, referral) -> None:
    """The client agrees that their therapist may follow how it goes: now a referral."""
    with transaction.atomic():
        referral.consented_at = timezone.now()
        referral.status = Status.SUGGESTED
        referral.save(update_fields=["consented_at", "status", "updated_at"])
        ReferralUpdate.objects.create(referral=referral, status=referral.status, by=actor)
        _audit_referral(actor, Action.UPDATE, referral)
        tell_therapist(
            referral.client,
            kind="referral",
            summary=gettext_lazy("agreed to follow up a resource with you"),
            url=reverse("resources:referral", args=[referral.client_id, referral.pk]),
        )


def stop_tracking(actor, referral) -> None:
    """The client takes their consent back: it is a shared resource again, nothing more."""
    with transaction.atomic():
        referral.consented_at = None
        referral.status = Status.SHARED
        referral.barrier = ""
        referral.barrier_words = ""
        referral.save(
            update_fields=["consented_at", "status", "barrier", "barrier_words", "updated_at"]
        )
        ReferralUpdate.objects.create(referral=referral, status=referral.status, by=actor)
        _audit_referral(actor, Action.UPDATE, referral)


def update_status(actor, referral, data) -> None:
    """A new status for a tracked referral (from either side), with the barrier if any."""
    if not referral.tracked:
        raise ValueError("only a referral the client agreed to can have a status")
    with transaction.atomic():
        referral.status = data["status"]
        referral.barrier = data["barrier"]
        referral.barrier_words = data["barrier_words"] if data["barrier"] else ""
        referral.save(update_fields=["status", "barrier", "barrier_words", "updated_at"])
        ReferralUpdate.objects.create(
            referral=referral, status=referral.status, barrier=referral.barrier, by=actor
        )
        _audit_referral(actor, Action.UPDATE, referral)
        if actor.is_client:
            tell_therapist(
                referral.client,
                kind="referral",
                summary=gettext_lazy("updated how a resource is going"),
                url=reverse("resources:referral", args=[referral.client_id, referral.pk]),
            )
