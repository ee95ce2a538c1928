"""Demo plans: a full one for Ash, a started one for Bea. Invented people and events only.
Called once from alongside.demo.seed.seed(), inside its transaction, after the notes
and the social context (goals link to Ash's experiences; a step comes from a session)."""

from datetime import timedelta

from django.utils import timezone

from alongside.clients.models import Client
from alongside.context.models import Experience, OppressionSystem
from alongside.notes.models import AgreedAction
from alongside.plans.models import (
    CrisisLine,
    Goal,
    PlanFeedback,
    ProgressRating,
    Review,
    SolidarityAction,
    Step,
    Supporter,
)
from alongside.plans.records import (
    keep_version,
    plan_for,
    save_section,
    sections_of,
    step_from_action,
)

CRISIS_LINES = [
    ("Samaritans", "Call 116 123 (free)", "24 hours, every day"),
    ("Shout", "Text SHOUT to 85258 (free)", "24 hours"),
    ("Riverside out-of-hours duty line (invented)", "0300 000 0000", "6pm to 8am"),
]

ASH_SECTIONS = [
    ("values", "client", "Fairness. Being called by my name. Looking after my sisters."),
    ("beliefs", "client", "Nobody should have to fight this hard for a dry home."),
    ("hopes", "client", "A flat without mould, and not freezing every time an envelope comes."),
    (
        "strengths",
        "therapist",
        "Ash keeps a careful log. He taught himself when school failed him. He asks for "
        "company when he needs it.",
    ),
    ("signs", "client", "I stop opening post. I stay in bed past noon. I stop texting back."),
    ("self_help", "client", "A walk by the canal. Headphones and the same three albums."),
    ("feel_better", "client", "The library. My cousin's kitchen. The Thursday drop-in."),
    ("ask_help", "client", "My cousin Dee. My sister Kay, evenings only."),
    ("professionals", "client", "River, my therapist (office hours). My GP surgery."),
    ("safer", "client", "Give the spare pills to Dee to keep for a while."),
]

ASH_GOALS = [
    dict(
        level="personal",
        title="Open my post again",
        different="I would open letters the day they come, with a cup of tea, not in a panic.",
        status="working",
        ratings=[2, 3, 5],
    ),
    dict(
        level="relational",
        title="Ask Kay for help without feeling like a burden",
        different="I would ring her when it's bad, not only when I'm fine.",
        status="idea",
        ratings=[],
    ),
    dict(
        level="collective",
        title="Get the damp fixed, with the tenants' union",
        different="Our block's repairs are logged together and the landlord has to answer.",
        status="working",
        ratings=[1, 4],
        experiences=["Damp flat, ignored repairs"],
        systems=["classism", "cissexism"],
    ),
]


def seed(practice):
    for order, (name, reach, when) in enumerate(CRISIS_LINES):
        CrisisLine.objects.create(
            practice=practice, name=name, how_to_reach=reach, when_open=when, order=order
        )
    clients = {c.chosen_name: c for c in Client.objects.filter(practice=practice)}
    _ash(clients["Ash Fictional"], practice)
    _bea(clients["Bea Sample"])


def _write(plan, key, author, text):
    section = sections_of(plan)[key]
    save_section(author, section, text, section.version)


def _ash(client, practice):
    river, ash = client.therapist, client.user
    plan = plan_for(client)
    for key, who, text in ASH_SECTIONS:
        _write(plan, key, ash if who == "client" else river, text)
    systems = {s.code: s for s in OppressionSystem.objects.for_practice(practice)}
    experiences = {e.title: e for e in Experience.objects.filter(client=client)}
    today = timezone.localdate()
    goals = {}
    for row in ASH_GOALS:
        goal = Goal.objects.create(
            plan=plan,
            level=row["level"],
            title=row["title"],
            different=row["different"],
            status=row["status"],
            created_by=ash,
        )
        goal.experiences.set(
            [experiences[t] for t in row.get("experiences", []) if t in experiences]
        )
        goal.systems.set([systems[c] for c in row.get("systems", [])])
        for n, rating in enumerate(row["ratings"]):
            ProgressRating.objects.create(
                goal=goal,
                rating=rating,
                rated_on=today - timedelta(days=21 * (len(row["ratings"]) - n)),
                author=ash,
            )
        goals[row["level"]] = goal
    keep_version(plan, ash, "plan_goal")
    action = AgreedAction.objects.filter(note__client=client, who="therapist").first()
    if action is not None:
        step = step_from_action(river, plan, action)
        step.goal = goals["collective"]
        step.save(update_fields=["goal"])
    Step.objects.create(
        plan=plan,
        goal=goals["collective"],
        what="Go to the tenants' union meeting on the first Tuesday",
        who="client",
        by_when=today + timedelta(days=10),
        created_by=ash,
    )
    Step.objects.create(
        plan=plan,
        goal=goals["personal"],
        what="Open one letter a day with Dee on the phone",
        who="supporter",
        who_name="Dee",
        in_the_way="The week the housing office rang twice.",
        created_by=ash,
    )
    for kind, name, helps, reach in [
        ("person", "Dee (cousin)", "Comes to housing meetings. Tea.", "07700 900123"),
        ("person", "Kay (sister)", "Evenings. Makes me laugh.", ""),
        ("peer", "Thursday trans drop-in", "People who get it without explaining.", "Library, 6pm"),
        ("community", "Eastside Tenants' Union", "Repairs campaign; someone to come along.", ""),
    ]:
        Supporter.objects.create(plan=plan, kind=kind, name=name, helps_with=helps, reach=reach)
    SolidarityAction.objects.create(
        plan=plan,
        kind="letter",
        what="A letter to the housing office about the damp and its effect on Ash's health.",
        with_consent=True,
        done_on=today - timedelta(days=20),
        outcome="They booked an inspection.",
        author=river,
    )
    SolidarityAction.objects.create(
        plan=plan,
        kind="complaint",
        what="A complaint about staff using Ash's old name, raised with his agreement.",
        with_consent=True,
        done_on=today - timedelta(days=6),
        outcome="",
        author=river,
    )
    keep_version(plan, river, "plan_solidarity")
    PlanFeedback.objects.create(
        plan=plan,
        section="strengths",
        text="I'm not sure 'careful' is right. I keep the log because nobody believes me.",
        proposed_text="I keep a log because I have learned nobody believes me without one.",
        author=ash,
    )
    plan.review_on = today + timedelta(days=3)
    plan.save(update_fields=["review_on"])
    Review.objects.create(
        plan=plan,
        role="client",
        how_going="Better with the post. The damp is still there.",
        author=ash,
    )
    Review.objects.create(
        plan=plan,
        role="therapist",
        how_going="Ash is opening letters most days. The landlord has not answered yet.",
        author=river,
    )


def _bea(client):
    """A plan just started: two sections and one goal, no review yet."""
    river = client.therapist
    plan = plan_for(client)
    _write(plan, "values", river, "My mum. My church. Being treated with respect.")
    _write(plan, "signs", river, "I snap at Mum and then cry in the car.")
    Goal.objects.create(
        plan=plan,
        level="relational",
        title="An afternoon a week that is mine",
        different="Someone else sits with Mum on Wednesdays.",
        created_by=river,
    )
    keep_version(plan, river, "plan_goal")
