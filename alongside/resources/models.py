"""The community resource directory, modelled on Open Referral HSDS 3.0, and the referrals
that share its services with clients.

The directory is practice-wide and not clinical: its text is stored in the clear so it can
be searched. Which client was given which resource *is* clinical: `Referral` rows are
scoped through `Client.objects.visible_to`, their free text encrypted, every write audited.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import STAFF_ROLES, Role
from alongside.core.fields import EncryptedTextField

TEXT = 4000
SHORT = 250


class Need(models.TextChoices):
    """What a person is looking for: a small practice-wide list, kept as codes for filters."""

    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal advice")
    IMMIGRATION = "immigration", _("Immigration")
    MONEY = "money", _("Money and benefits")
    FOOD = "food", _("Food")
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    PEER = "peer", _("Peer support")
    CRISIS = "crisis", _("Crisis support")
    VIOLENCE = "violence", _("Domestic and sexual violence")
    DISABILITY = "disability", _("Disability support")
    COMMUNITY = "community", _("Cultural and community groups")
    OTHER = "other", _("Other")


class Tag(models.TextChoices):
    """Who a service is run by and for, and what it does not ask of people."""

    BLACK_LED = "black_led", _("Black-led")
    INDIGENOUS_LED = "indigenous_led", _("Indigenous-led")
    LGBTQ = "lgbtq", _("LGBTQ+")
    TRANS_LED = "trans_led", _("Trans-led")
    DISABILITY_LED = "disability_led", _("Disability-led")
    MIGRANT = "migrant", _("Immigrant- and refugee-serving")
    PEER_RUN = "peer_run", _("Peer-run")
    FREE = "free", _("Free")
    NO_ID = "no_id", _("No ID needed")
    NO_IMMIGRATION_CHECKS = "no_immigration_checks", _("No immigration checks")


class ServiceStatus(models.TextChoices):
    # HSDS 3.0 service.status
    ACTIVE = "active", _("Open")
    INACTIVE = "inactive", _("Not running now")
    DEFUNCT = "defunct", _("Closed for good")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Review(models.TextChoices):
    APPROVED = "approved", _("In the directory")
    SUGGESTED = "suggested", _("Suggested, waiting for the admin")
    DECLINED = "declined", _("Not added")


def new_uuid():
    return uuid.uuid4()


class Organization(models.Model):
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    hsds_id = models.UUIDField(default=new_uuid)
    name = models.CharField(_("organisation"), max_length=SHORT)
    description = models.TextField(_("about the organisation"), max_length=TEXT, blank=True)
    email = models.EmailField(_("email"), blank=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "hsds_id"], name="resources_org_once")
        ]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def for_staff(self, user):
        """The practice's directory, for its staff; clients and outsiders get nothing here
        (clients see a service only through a referral shared with them)."""
        if (
            not getattr(user, "is_authenticated", False)
            or not user.is_active
            or user.role not in STAFF_ROLES
            or user.practice_id is None
        ):
            return self.none()
        return self.filter(practice_id=user.practice_id)

    def listed(self):
        return self.filter(review=Review.APPROVED)

    def editable_by(self, user):
        if getattr(user, "role", None) == Role.ADMIN:
            return self.for_staff(user)
        return self.none()


class Service(models.Model):
    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    hsds_id = models.UUIDField(default=new_uuid)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service name"), max_length=SHORT)
    description = models.TextField(_("what it offers"), max_length=TEXT, blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.CharField(
        _("interpreting"), max_length=SHORT, blank=True, help_text=_("e.g. BSL on request")
    )
    application_process = models.TextField(
        _("how to get help"), max_length=TEXT, blank=True, help_text=_("Walk in, phone, referral…")
    )
    fees_description = models.CharField(_("cost"), max_length=SHORT, blank=True)
    eligibility_description = models.TextField(_("who it is for"), max_length=TEXT, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.CharField(_("notice"), max_length=SHORT, blank=True)
    accessibility = models.TextField(
        _("access"),
        max_length=TEXT,
        blank=True,
        help_text=_("Step-free, hearing loop, quiet room…"),
    )
    # HSDS assured_date: the day someone last checked these details were right.
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    review = models.CharField(max_length=20, choices=Review.choices, default=Review.APPROVED)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Everything a search looks at, in one column, kept by `search.index_text`.
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "hsds_id"], name="resources_service_once")
        ]
        indexes = [models.Index(fields=["practice", "review", "name"])]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == ServiceStatus.ACTIVE


class Location(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    hsds_id = models.UUIDField(default=new_uuid)
    name = models.CharField(_("place"), max_length=SHORT, blank=True)
    address_1 = models.CharField(_("address"), max_length=SHORT, blank=True)
    city = models.CharField(_("town or city"), max_length=120, blank=True, db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    accessibility = models.TextField(_("access at this place"), max_length=TEXT, blank=True)

    def __str__(self):
        return ", ".join(p for p in [self.name, self.address_1, self.city] if p)


class ServiceAtLocation(models.Model):
    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")


class Phone(models.Model):
    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone"), max_length=40)
    description = models.CharField(_("about this number"), max_length=SHORT, blank=True)


class Schedule(models.Model):
    """Opening times. HSDS uses RFC 5545 parts; we keep the days and hours, and words."""

    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    byday = models.CharField(_("days"), max_length=40, blank=True, help_text=_("e.g. MO,TU,WE"))
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    description = models.CharField(_("opening times in words"), max_length=SHORT, blank=True)


class Language(models.Model):
    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(_("language"), max_length=80)
    code = models.CharField(_("language code"), max_length=12, blank=True)

    class Meta:
        # Covering: a language filter reads service ids from the index alone.
        indexes = [models.Index(fields=["name", "service"])]

    def __str__(self):
        return self.name


class ServiceArea(models.Model):
    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("area served"), max_length=120)
    description = models.CharField(_("about the area"), max_length=SHORT, blank=True)

    class Meta:
        indexes = [models.Index(fields=["name", "service"])]

    def __str__(self):
        return self.name


class RequiredDocument(models.Model):
    hsds_id = models.UUIDField(default=new_uuid)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="documents")
    document = models.CharField(_("document needed"), max_length=SHORT)


class Label(models.Model):
    """A need the service meets or one of our tags (HSDS: a taxonomy term on an attribute)."""

    class Kind(models.TextChoices):
        NEED = "need", _("need")
        TAG = "tag", _("tag")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="labels")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    code = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "kind", "code"], name="resources_label_once")
        ]
        indexes = [models.Index(fields=["kind", "code", "service"])]

    @property
    def name(self) -> str:
        names = Need if self.kind == self.Kind.NEED else Tag
        return dict(names.choices).get(self.code, self.code)


class Facet(models.Model):
    """A language or area the practice's directory holds, for the search's filter menus:
    one small table to read instead of a DISTINCT over every service's languages. Kept by
    `search.reindex`; a value no service holds any more only finds nothing."""

    class Kind(models.TextChoices):
        LANGUAGE = "language", _("language")
        AREA = "area", _("area")

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kind", "value"], name="resources_facet_once"
            )
        ]


class FlagReason(models.TextChoices):
    CLOSED = "closed", _("It has closed")
    WRONG = "wrong", _("Some details are wrong")


class Flag(models.Model):
    """A staff member saying a resource is closed or wrong, until the admin deals with it."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("what is wrong"), max_length=10, choices=FlagReason.choices)
    note = models.CharField(
        _("what you found"),
        max_length=SHORT,
        blank=True,
        help_text=_("About the service only: never about a client."),
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


# Referrals: clinical ---------------------------------------------------------------------


class Status(models.TextChoices):
    SHARED = "shared", _("Shared with you")
    SUGGESTED = "suggested", _("Suggested")
    CONTACTED = "contacted", _("Contacted")
    CONNECTED = "connected", _("Connected")
    DIDNT_WORK_OUT = "didnt_work_out", _("Didn't work out")


TRACKED = [Status.SUGGESTED, Status.CONTACTED, Status.CONNECTED, Status.DIDNT_WORK_OUT]


class Barrier(models.TextChoices):
    """Why a referral didn't work out. Kept as choices: the equity reports count them."""

    TURNED_AWAY = "turned_away", _("Turned away")
    WAITING_LIST = "waiting_list", _("Waiting list")
    COST = "cost", _("Cost")
    LANGUAGE = "language", _("Language")
    DISCRIMINATION = "discrimination", _("Discrimination")
    IMMIGRATION_STATUS = "immigration_status", _("Immigration status")
    DISABILITY_ACCESS = "disability_access", _("No access for disability")
    OTHER = "other", _("Other")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        from alongside.clients.models import Client, of_clients

        return self.filter(of_clients(Client.objects.visible_to(user)))

    def editable_by(self, user):
        from alongside.clients.models import Client, of_clients

        if getattr(user, "role", None) == Role.CLIENT:
            return self.visible_to(user)
        return self.filter(of_clients(Client.objects.editable_by(user)))


class Referral(models.Model):
    """A resource shared with a client ("for you"); with their consent, a tracked referral."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    message = EncryptedTextField(
        _("a note for the client"),
        max_length=1000,
        blank=True,
        help_text=_("Why you think it may help. The client reads this."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SHARED)
    barrier = models.CharField(
        _("why it didn't work out"), max_length=24, choices=Barrier.choices, blank=True
    )
    barrier_words = EncryptedTextField(_("in your words"), max_length=1000, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "barrier"])]

    def __str__(self):
        return f"referral {self.pk}"

    @property
    def tracked(self) -> bool:
        return self.consented_at is not None


class ReferralUpdate(models.Model):
    """Each change of a referral's status, so the reports can see when and why over time."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=Status.choices)
    barrier = models.CharField(max_length=24, choices=Barrier.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
