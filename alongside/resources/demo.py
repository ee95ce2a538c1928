"""Demo directory and referrals: invented services only (phone numbers from the UK's
drama range). Called once from alongside.demo.seed.seed(), inside its transaction."""

from datetime import date, timedelta

from django.utils import timezone

from alongside.accounts.models import User
from alongside.clients.models import Client
from alongside.resources.build import add_service
from alongside.resources.models import Flag, FlagReason, Referral, ReferralUpdate, Review, Status

SERVICES = [
    {
        "name": "Tenants' Union Advice Line",
        "organization": "Riverside Tenants' Union (demo)",
        "description": "Free advice on repairs, disrepair claims, deposits and evictions.",
        "needs": ["housing", "legal"],
        "tags": ["free", "no_id", "peer_run"],
        "languages": ["English", "Arabic", "Polish"],
        "areas": ["Riverside"],
        "city": "Riverside",
        "address": "12 Example Street",
        "phone": "020 7946 0101",
        "hours": "Mondays to Thursdays, 10am to 4pm",
        "application_process": "Phone or walk in. No appointment needed.",
        "fees_description": "Free",
    },
    {
        "name": "Migrant Rights Drop-in",
        "organization": "Northtown Migrant Solidarity (demo)",
        "description": "Immigration advice from accredited advisers; help with forms and appeals.",
        "needs": ["immigration", "legal"],
        "tags": ["migrant", "free", "no_immigration_checks", "no_id"],
        "languages": ["English", "Arabic", "Tigrinya", "Urdu"],
        "areas": ["Northtown", "Riverside"],
        "city": "Northtown",
        "phone": "020 7946 0102",
        "hours": "Saturdays, 11am to 2pm",
        "eligibility_description": "Anyone, whatever their status. We never share details "
        "with the Home Office.",
    },
    {
        "name": "Trans Peer Circle",
        "organization": "Riverside Trans Collective (demo)",
        "description": "A fortnightly peer group run by and for trans and nonbinary people.",
        "needs": ["peer", "community"],
        "tags": ["trans_led", "lgbtq", "peer_run", "free"],
        "languages": ["English"],
        "areas": ["Riverside"],
        "city": "Riverside",
        "hours": "Every other Wednesday, 7pm",
        "accessibility": "Step-free; quiet room available.",
    },
    {
        "name": "Black Women's Wellbeing Collective",
        "organization": "Sisters Together (demo)",
        "description": "Groups, one-to-one support and advocacy for Black women.",
        "needs": ["peer", "community", "violence"],
        "tags": ["black_led", "free"],
        "languages": ["English", "Jamaican Patois"],
        "areas": ["Riverside", "Northtown"],
        "phone": "020 7946 0104",
    },
    {
        "name": "Disabled People's Benefits Clinic",
        "organization": "Access Now (demo)",
        "description": "Help with PIP and Universal Credit claims, appeals and tribunals.",
        "needs": ["money", "disability", "legal"],
        "tags": ["disability_led", "free"],
        "languages": ["English", "BSL"],
        "areas": ["Riverside"],
        "city": "Riverside",
        "phone": "020 7946 0105",
        "interpretation_services": "BSL interpreters at every session",
    },
]


def seed(practice) -> None:
    services = {}
    for values in SERVICES:
        values = dict(values)
        name = values.pop("name")
        services[name] = add_service(
            practice, name, last_checked=date.today() - timedelta(days=20), **values
        )
    jo = User.objects.filter(practice=practice, username="jo").first()
    add_service(
        practice,
        "Northtown Community Fridge",
        needs=["food"],
        tags=["free", "no_id"],
        review=Review.SUGGESTED,
        suggested_by=jo,
    )
    river = User.objects.filter(practice=practice, username="river").first()
    Flag.objects.create(
        service=services["Black Women's Wellbeing Collective"],
        reason=FlagReason.WRONG,
        note="The phone number rings out; they may have moved.",
        flagged_by=river,
    )
    ash = Client.objects.filter(practice=practice, user__username="ash").first()
    if ash is None:
        return
    Referral.objects.create(
        client=ash,
        service=services["Trans Peer Circle"],
        message="You mentioned wanting to meet other trans men locally. This group is run by "
        "trans people and meets near you.",
        shared_by=ash.therapist,
    )
    didnt = Referral.objects.create(
        client=ash,
        service=services["Tenants' Union Advice Line"],
        message="They can help with the damp and the landlord not answering.",
        shared_by=ash.therapist,
        status=Status.DIDNT_WORK_OUT,
        barrier="waiting_list",
        barrier_words="They said call back in two months.",
        consented_at=timezone.now() - timedelta(days=30),
    )
    for status, barrier in [(Status.SUGGESTED, ""), (Status.CONTACTED, "")]:
        ReferralUpdate.objects.create(referral=didnt, status=status, barrier=barrier, by=ash.user)
    ReferralUpdate.objects.create(
        referral=didnt, status=Status.DIDNT_WORK_OUT, barrier="waiting_list", by=ash.user
    )
