"""Adding a service from plain values, for the demo, tests and the bench (the views go
through ServiceForm and records.save_service instead)."""

from alongside.resources.models import (
    Label,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from alongside.resources.search import reindex


def add_service(
    practice,
    name,
    *,
    organization="",
    needs=(),
    tags=(),
    languages=(),
    areas=(),
    city="",
    address="",
    phone="",
    hours="",
    **fields,
) -> Service:
    org = Organization.objects.create(practice=practice, name=organization or name)
    service = Service.objects.create(practice=practice, organization=org, name=name, **fields)
    Label.objects.bulk_create(
        [Label(service=service, kind=Label.Kind.NEED, code=c) for c in needs]
        + [Label(service=service, kind=Label.Kind.TAG, code=c) for c in tags]
    )
    Language.objects.bulk_create([Language(service=service, name=n) for n in languages])
    ServiceArea.objects.bulk_create([ServiceArea(service=service, name=n) for n in areas])
    if city or address:
        location = Location.objects.create(organization=org, address_1=address, city=city)
        ServiceAtLocation.objects.create(service=service, location=location)
    if phone:
        Phone.objects.create(service=service, number=phone)
    if hours:
        Schedule.objects.create(service=service, description=hours)
    reindex(service)
    return service
