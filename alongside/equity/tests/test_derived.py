"""The numbers the report keeps between reports: encrypted, up to date after any change,
only counted clients', derived again nightly, and read in a fixed number of queries."""

import io
import json
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.equity.models import Derived, GroupRule
from alongside.equity.tests.helpers import opt_out, practice_of
from alongside.equity.tests.test_report import _group, _report, _table
from alongside.measures.models import Response
from alongside.measures.tests.conftest import FEEDBACK_OK, answered


def _mean_safe(cast, group):
    return _group(_table(_report(cast)[0], "feedback"), group)["mean_safe"]


def _rate(clients, safe):
    """Each client's session feedback answered again, saved the ordinary way."""
    for response in Response.objects.filter(client__in=clients, instrument="session-feedback"):
        answers = json.loads(response.answers_json)
        answers["safe"] = safe
        response.answers_json = json.dumps(answers)
        response.save()


def _stored(kind_prefix):
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, data FROM equity_derived")
        return [data for kind, data in cursor.fetchall() if kind.startswith(kind_prefix)]


def _kept_client_ids(cast):
    from alongside.equity.derived import Answers

    kept = {d.kind: json.loads(d.data) for d in Derived.objects.filter(practice=cast.practice)}
    answers = Answers.unpacked(kept.pop("responses"))
    ids = set(answers.feedback["client"]) | set(answers.scores["client"])
    for data in kept.values():
        ids |= {client_id for _pk, client_id, _keys in data["rows"]}
    return ids


def test_the_kept_numbers_are_encrypted_at_rest(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    _report(cast, also="gender")
    stored = _stored("")
    assert len(stored) == 3  # answers, and groups by ethnicity and by gender
    for data in stored:
        assert data.startswith("t1$")  # the test key's id: a Fernet token, not JSON
        assert "rows" not in data and "salt" not in data
    # Decrypted, they are numbers and group keys: never anyone's words.
    plain = " ".join(d.data for d in Derived.objects.all())
    assert "Black" not in plain and "Irish" not in plain


def test_an_answer_changed_after_a_report_changes_the_next_report(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    assert _mean_safe(cast, "Black") == 6
    _rate(clients[:12], safe=10)
    assert _mean_safe(cast, "Black") == 10
    assert _mean_safe(cast, "White") == 9


def test_a_new_answer_after_a_report_counts_in_the_next(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    assert _table(_report(cast)[0], "feedback")["total"]["n"] == 24
    from django.utils import timezone

    for client in clients[:12]:
        answered(client, "session-feedback", {**FEEDBACK_OK, "safe": 0}, at=timezone.now())
    # 12 more answers of 0 beside 12 of 6: the mean halves.
    assert _mean_safe(cast, "Black") == 3


def test_feedback_outside_the_period_is_not_counted(cast):
    from django.utils import timezone

    _groups, clients = practice_of(cast, black=12, white=12)
    long_ago = timezone.now() - timedelta(days=500)
    for client in clients[:12]:
        answered(client, "session-feedback", {**FEEDBACK_OK, "safe": 0}, at=long_ago)
    assert _mean_safe(cast, "Black") == 6


def test_a_rule_changed_after_a_report_regroups_everyone_at_once(cast):
    groups, _clients = practice_of(cast, black=12, white=12)
    assert _group(_table(_report(cast)[0], "people"), "Black")["n"] == 12
    GroupRule.objects.create(group=groups["black"], match="contains", phrase="irish")
    assert _group(_table(_report(cast)[0], "people"), "Black")["n"] == 24


def test_a_client_who_opts_out_leaves_the_kept_numbers_and_every_figure(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    _report(cast, also="gender")
    leaving = clients[0]
    assert leaving.pk in _kept_client_ids(cast)
    opt_out(leaving)
    whole = _report(cast, also="gender")[0]
    assert leaving.pk not in _kept_client_ids(cast)
    assert _table(whole, "people")["total"]["n"] == 23


def test_equity_refresh_derives_again_what_no_fingerprint_sees(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    assert _mean_safe(cast, "Black") == 6
    # Answers changed behind the app's back (no change time): the fingerprint can't see it,
    for response in Response.objects.filter(client__in=clients[:12]):
        answers = json.loads(response.answers_json)
        if "safe" in answers:
            answers["safe"] = 10
            Response.objects.filter(pk=response.pk).update(answers_json=json.dumps(answers))
    assert _mean_safe(cast, "Black") == 6
    # the nightly refresh does.
    out = io.StringIO()
    call_command("equity_refresh", stdout=out)
    assert "kinds of numbers derived" in out.getvalue()
    assert _mean_safe(cast, "Black") == 10


def test_equity_refresh_drops_a_client_who_opted_out(cast):
    _groups, clients = practice_of(cast, black=12, white=12)
    _report(cast)
    opt_out(clients[5])
    call_command("equity_refresh", stdout=io.StringIO())
    assert clients[5].pk not in _kept_client_ids(cast)
    assert clients[6].pk in _kept_client_ids(cast)


def _costs(cast, size):
    """Queries of a report reading current kept numbers, and of one bringing them up to
    date after a change."""
    _groups, clients = practice_of(cast, black=size, white=size)
    _report(cast, also="gender", viewer=cast.river)
    with CaptureQueriesContext(connection) as kept:
        _report(cast, also="gender", viewer=cast.river)
    _rate(clients[:2], safe=3)
    with CaptureQueriesContext(connection) as refreshed:
        _report(cast, also="gender", viewer=cast.river)
    return len(kept), len(refreshed)


def test_reading_and_refreshing_kept_numbers_cost_the_same_queries_at_any_size(cast):
    small = _costs(cast, 11)
    from alongside.clients.models import Client

    for c in Client.objects.exclude(pk__in=[cast.client.pk, cast.other_client.pk]):
        c.delete()
    large = _costs(cast, 30)
    assert small == large
    assert small[0] < small[1]  # reading kept numbers skips the listing


def test_a_client_who_says_yes_again_brings_their_older_answers_back(cast):
    from alongside.equity.models import CountingChoice

    _groups, clients = practice_of(cast, black=12, white=12)
    opt_out(clients[0])
    assert _table(_report(cast)[0], "feedback")["total"]["n"] == 23
    assert clients[0].pk not in _kept_client_ids(cast)
    CountingChoice.objects.filter(client=clients[0]).update(counted=True)
    # Their answers were saved long before the kept numbers: fetched all the same.
    assert _table(_report(cast)[0], "feedback")["total"]["n"] == 24
    assert clients[0].pk in _kept_client_ids(cast)
