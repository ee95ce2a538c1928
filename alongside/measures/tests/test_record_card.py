"""The check-ins card on the client's record: open prompts and check-ins waiting."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.measures import checkins
from alongside.measures.models import Flag, FlagKind, Via
from alongside.measures.tests.conftest import FEEDBACK_OK, make_check_in
from alongside.notes.tests.helpers import make_session


def prompt_about_a_session(cast, comment="You rushed the ending."):
    session = make_session(cast.client, days_ago=9)
    check_in = make_check_in(cast.client)
    check_in.session = session
    check_in.save(update_fields=["session"])
    response = checkins.submit(None, check_in, dict(FEEDBACK_OK), via=Via.DEMO)
    Flag.objects.create(
        client=cast.client,
        response=response,
        kind=FlagKind.RUPTURE,
        item="safe",
        comment=comment,
        details_json='[{"item": "safe"}]',
    )
    return session


def record_page(client, cast):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("clients:detail", args=[cast.client.pk])).content.decode()
    return body, [query["sql"] for query in queries]


def test_the_card_shows_a_prompt_without_loading_the_answers_behind_it(client, cast):
    session = prompt_about_a_session(cast)
    client.force_login(cast.river)

    body, queries = record_page(client, cast)

    assert f"Feedback on the session of {session.date:%-d %b %Y}" in body
    assert "You rushed the ending." in body
    flag_queries = [sql for sql in queries if 'FROM "measures_flag"' in sql]
    assert len(flag_queries) == 1
    for encrypted in ("answers_json", "details_json", "repair_note"):
        assert encrypted not in flag_queries[0], encrypted


def test_the_card_costs_the_same_queries_with_one_prompt_or_five(client, cast):
    prompt_about_a_session(cast)
    client.force_login(cast.river)
    record_page(client, cast)
    one_body, one = record_page(client, cast)
    for n in range(4):
        prompt_about_a_session(cast, comment=f"Comment {n}")

    five_body, five = record_page(client, cast)

    badge = 'class="badge badge-rupture"'
    assert (one_body.count(badge), five_body.count(badge)) == (1, 5)
    assert len(five) == len(one)
