"""What the API takes and gives, as typed pydantic schemas (the OpenAPI document's source).

Text fields carry the same length limits as the models; writes are validated again by the
same Django forms the pages use, so the API can't store what a page would refuse.
"""

import datetime
from typing import Any

from ninja import Field, Schema


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class Error(Schema):
    detail: str | list[FieldError]


class ClientOut(Schema):
    id: int
    chosen_name: str
    pronouns: str
    language: str
    email: str
    phone: str
    self_description: str
    naming_style: str
    own_terms: str
    therapist_id: int
    version: int


class ProfileIn(Schema):
    """Change some of a client's profile; leave out what stays. `version` is the one you
    read: a stale one is refused (409) so nobody's edit is lost."""

    version: int = Field(..., ge=1, le=2_147_483_647)
    chosen_name: str | None = Field(None, min_length=1, max_length=120)
    pronouns: str | None = Field(None, max_length=60)
    language: str | None = Field(None, max_length=60)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    self_description: str | None = Field(None, max_length=2000)
    naming_style: str | None = Field(None, max_length=20)
    own_terms: str | None = Field(None, max_length=1000)


class SessionOut(Schema):
    id: int
    date: datetime.date
    minutes: int
    modality: str
    attendance: str
    barrier: str


class ActionOut(Schema):
    text: str
    who: str
    done: bool


class NoteOut(Schema):
    id: int
    session_id: int
    status: str
    signed_at: datetime.datetime | None
    agenda: str
    systems: str
    meanings: str
    strategies: str
    power: str
    ruptures: str
    actions: list[ActionOut]
    version: int


class NoteDraftIn(Schema):
    """The shared sections of a draft note (never a private reflection: the API has none)."""

    agenda: str = Field("", max_length=10_000)
    systems: str = Field("", max_length=10_000)
    meanings: str = Field("", max_length=10_000)
    strategies: str = Field("", max_length=10_000)
    power: str = Field("", max_length=10_000)
    ruptures: str = Field("", max_length=10_000)


class AssignIn(Schema):
    instrument: str = Field(..., max_length=60)
    schedule: str = Field(..., max_length=20)
    every_weeks: int | None = Field(None, ge=1, le=26)
    email_links: bool = False


class AssignmentOut(Schema):
    id: int
    instrument: str
    schedule: str
    every_weeks: int | None
    starts_on: datetime.date
    active: bool


class CheckInOut(Schema):
    id: int
    instrument: str
    due_on: datetime.date
    status: str


class ResponseOut(Schema):
    id: int
    instrument: str
    questionnaire_version: str
    submitted_at: datetime.datetime
    answers: dict[str, Any]
    total: float | None
    band: str | None


class ExperienceOut(Schema):
    id: int
    title: str
    when: str
    start_year: int | None
    end_year: int | None
    ongoing: bool
    what_happened: str
    impact: str
    response: str
    visibility: str


class FhirBundle(Schema):
    """A FHIR R4 Bundle (validated with fhir.resources before it is sent). Each entry's
    resource is passed through whole."""

    resourceType: str
    type: str
    timestamp: str | None = None
    entry: list[dict[str, Any]] = []


# The plan, resources and the equity report (alongside/api/more.py) --------------------------


class RatingOut(Schema):
    rating: int
    rated_on: datetime.date


class GoalOut(Schema):
    id: int
    level: str
    title: str
    different: str
    status: str
    version: int
    ratings: list[RatingOut]


class StepOut(Schema):
    id: int
    goal_id: int | None
    what: str
    who: str
    who_name: str
    by_when: datetime.date | None
    in_the_way: str
    done: bool
    referral_id: int | None
    version: int


class PlanOut(Schema):
    """The client's plan; `id` is null (and the lists empty) until one has been started."""

    id: int | None
    review_on: datetime.date | None
    version: int | None
    goals: list[GoalOut]
    steps: list[StepOut]
    fhir: FhirBundle | None


class ServiceOut(Schema):
    id: int
    name: str
    organization: str
    description: str
    status: str
    review: str
    url: str
    email: str
    phones: list[str]
    application_process: str
    eligibility_description: str
    fees_description: str
    accessibility: str
    last_checked: datetime.date | None


class ServiceIn(Schema):
    """A new directory entry: the same fields (and the same checks) as the page's form."""

    name: str = Field(..., min_length=1, max_length=250)
    organization_name: str = Field(..., min_length=1, max_length=250)
    needs: list[str] = Field(..., min_length=1, max_length=20)
    tags: list[str] = Field([], max_length=20)
    description: str = Field("", max_length=4000)
    status: str = Field("active", max_length=20)
    url: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    languages: str = Field("", max_length=250)
    areas: str = Field("", max_length=250)
    application_process: str = Field("", max_length=4000)
    eligibility_description: str = Field("", max_length=4000)
    fees_description: str = Field("", max_length=250)
    accessibility: str = Field("", max_length=4000)


class ReferralOut(Schema):
    id: int
    service_id: int
    service: str
    message: str
    status: str
    tracked: bool
    barrier: str
    barrier_words: str
    shared_at: datetime.datetime
    updated_at: datetime.datetime


class EquityReportOut(Schema):
    """The practice's figures and, beside them, the caller's own caseload (a therapist) or
    their supervisees' (a supervisor): every table protected as on the page."""

    practice: dict[str, Any]
    own: dict[str, Any] | None
