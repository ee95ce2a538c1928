"""Finding a client by name, and listing names A to Z, through the blind index: no name is
stored in the clear, and only what a page shows is decrypted."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.clients import name_index
from alongside.clients.models import Client, NameToken
from alongside.clients.tests.test_caseload_pages import add_clients, names_on


def _find(client, words):
    return client.post(reverse("clients:search"), {"q": words})


def test_a_therapist_finds_a_client_by_the_start_of_any_name_ignoring_case_and_accents(
    client, cast
):
    Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="Zoë Núñez")
    client.force_login(cast.river)
    for typed in ("zoe", "NUN", "zo nu", "Zoë"):
        body = _find(client, typed).content.decode()
        assert "Zoë Núñez" in body, typed
        assert "Ash Canary" not in body, typed
    assert "Nobody you can see" in _find(client, "xq").content.decode()


def test_search_finds_only_clients_the_person_may_see(client, cast):
    client.force_login(cast.river)
    assert "Noor Canary" not in _find(client, "noor").content.decode()  # the colleague's
    client.force_login(cast.sam)  # River's supervisor
    body = _find(client, "ash").content.decode()
    assert "Ash Canary" in body and "works with River" in body
    client.force_login(cast.admin)
    assert _find(client, "ash").status_code == 404


def test_what_was_typed_never_goes_in_a_url(client, cast):
    client.force_login(cast.river)
    assert client.get(reverse("clients:search"), {"q": "ash"}).status_code == 405
    page = client.get(reverse("clients:caseload")).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*role="search"', page)
    assert form and form.group(1) == reverse("clients:search")


def test_one_letter_is_refused_with_a_message_by_the_field(client, cast):
    client.force_login(cast.river)
    response = _find(client, "a")
    assert response.status_code == 400
    assert "Type at least two letters of a name." in response.content.decode()


def test_the_index_holds_no_name_and_changes_with_the_name(cast):
    digests = set(NameToken.objects.filter(client=cast.client).values_list("digest", flat=True))
    assert digests and not any("ash" in d or "canary" in d for d in digests)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM clients_nametoken")
        assert "Ash" not in repr(cursor.fetchall())
        cursor.execute("SELECT name_bucket FROM clients_client")
        buckets = [row[0] for row in cursor.fetchall()]
        assert all(b.count(":") == 1 and "Ash" not in b for b in buckets)
    cast.client.chosen_name = "Robin Other"
    cast.client.save()
    assert name_index.search_digests("ash")[0].isdisjoint(
        NameToken.objects.filter(client=cast.client).values_list("digest", flat=True)
    )


def test_indexed_caseload_lists_every_client_once_a_to_z(client, cast):
    add_clients(cast, 80, prefix="Person")
    add_clients(cast, 40, prefix="Aa")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(cast.river)
    seen = []
    for number in (1, 2, 3):
        body = client.get(reverse("clients:caseload"), {"page": number}).content.decode()
        seen += names_on(body)
    expected = sorted(Client.objects.filter(therapist=cast.river), key=lambda c: c.chosen_name)
    assert seen == [c.chosen_name for c in expected]


def test_an_indexed_page_decrypts_only_the_buckets_it_shows(client, cast, monkeypatch):
    add_clients(cast, 60, prefix="Aa")
    add_clients(cast, 60, prefix="Zz")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from alongside.core import crypto

    ring = crypto.keyring()
    plain = []
    original = ring.decrypt

    def watched(value):
        plain.append(original(value))
        return plain[-1]

    monkeypatch.setattr(ring, "decrypt", watched)
    client.force_login(cast.river)
    body = client.get(reverse("clients:caseload")).content.decode()
    assert names_on(body)[:2] == ["Aa 0001", "Aa 0002"]
    # Page one holds "A" names only: none of the 60 "Zz" names is ever decrypted.
    assert any(p.startswith("Aa ") for p in plain)
    assert not any(p.startswith("Zz ") for p in plain)


def _watch_decryption(monkeypatch) -> list[str]:
    from alongside.core import crypto

    ring = crypto.keyring()
    plain: list[str] = []
    original = ring.decrypt

    def watched(value):
        plain.append(original(value))
        return plain[-1]

    monkeypatch.setattr(ring, "decrypt", watched)
    return plain


def test_a_page_whose_names_were_put_in_order_before_decrypts_only_its_own_rows(
    client, cast, monkeypatch
):
    add_clients(cast, 60, prefix="Ab")
    add_clients(cast, 60, prefix="Aa")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(cast.river)
    url = reverse("clients:caseload")
    client.get(url)  # the "A" bucket is put in order once
    plain = _watch_decryption(monkeypatch)
    shown = names_on(client.get(url).content.decode())
    assert shown[:2] == ["Aa 0061", "Aa 0062"]
    # The 120 names of the bucket are not decrypted again: only the page's rows are.
    in_bucket = [p for p in plain if p.startswith(("Aa ", "Ab "))]
    assert sorted(in_bucket) == sorted(n for n in shown if n.startswith(("Aa ", "Ab ")))


def test_a_changed_name_takes_its_new_place_in_the_order_at_once(client, cast):
    add_clients(cast, 60, prefix="Ab")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(cast.river)
    url = reverse("clients:caseload")
    assert names_on(client.get(url).content.decode())[0] == "Ab 0001"
    # Names are encrypted: the database can't find one by it.
    renamed = next(c for c in Client.objects.all() if c.chosen_name == "Ab 0059")
    renamed.chosen_name = "Aardvark Kay"
    renamed.save()
    assert names_on(client.get(url).content.decode())[0] == "Aardvark Kay"


def test_the_recent_order_pages_by_last_session_with_constant_queries(client, cast):
    client.force_login(cast.river)
    url = reverse("clients:caseload")
    add_clients(cast, 9)
    client.get(url, {"order": "recent"})
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"order": "recent"})
    add_clients(cast, 190)
    with CaptureQueriesContext(connection) as large:
        body = client.get(url, {"order": "recent", "page": 2}).content.decode()
    assert len(small) == len(large)
    assert 'href="?order=recent&amp;page=3"' in body or 'href="?order=recent&page=3"' in body


def test_a_normalised_word_normalises_to_itself_for_every_character():
    # "ϒ" folds to "Υ" only once decomposed: a single pass left capitals in the index.
    for code in range(0x30000):
        for word in name_index.normalise(f"a{chr(code)}b"):
            assert name_index.normalise(word) == [word], hex(code)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_name_is_found_by_the_start_of_each_of_its_words(name):
    digests = {d for _kind, d, _key in name_index.tokens_for(name)}
    for word in name_index.normalise(name):
        if len(word) >= name_index.MIN_PREFIX:
            (wanted,) = name_index.search_digests(word[: name_index.MAX_PREFIX])
            assert wanted & digests


def test_the_migration_indexes_every_name_again_so_folded_letters_are_found(client, cast):
    import importlib

    from django.apps import apps

    made = Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="Aϒla")
    NameToken.objects.filter(client=made).delete()  # as indexed before: nothing matches
    migration = importlib.import_module("alongside.clients.migrations.0012_name_bucket")
    Client.objects.filter(pk=made.pk).update(name_bucket="")
    migration.index_again(apps, None)
    assert Client.objects.get(pk=made.pk).name_bucket == name_index.bucket_for("Aϒla")
    client.force_login(cast.river)
    assert "Aϒla" in _find(client, "aυl").content.decode()
    assert "Ash Canary" in _find(client, "ash").content.decode()  # the others still found


def test_past_fifty_matches_search_shows_the_first_fifty_a_to_z_decrypting_only_those(
    client, cast, monkeypatch
):
    for prefix, count in (("Zed Noor", 60), ("Bea Noor", 45), ("Ama Noor", 10)):
        add_clients(cast, count, prefix=prefix)
    Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="Cy Noor")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    plain = _watch_decryption(monkeypatch)
    client.force_login(cast.river)

    body = _find(client, "noor").content.decode()

    shown = names_on(body)
    assert len(shown) == 50
    assert shown[:2] == ["Ama Noor 0106", "Ama Noor 0107"]
    assert shown[10] == "Bea Noor 0061" and shown[-1] == "Bea Noor 0100"
    assert "Only the first 50 are shown" in body
    # The "Z" names come after the fifty: never decrypted, not even to be sorted.
    assert not any(p.startswith("Zed ") for p in plain)


def test_the_same_search_again_decrypts_only_the_rows_it_shows(client, cast, monkeypatch):
    add_clients(cast, 70, prefix="Noor Ab")
    add_clients(cast, 70, prefix="Noor Aa")
    call_command("index_names", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(cast.river)
    _find(client, "noor")  # the "N" matches are put in order once
    plain = _watch_decryption(monkeypatch)

    shown = names_on(_find(client, "noor").content.decode())

    assert shown[:2] == ["Noor Aa 0071", "Noor Aa 0072"] and len(shown) == 50
    assert sorted(p for p in plain if p.startswith("Noor ")) == sorted(shown)


def test_the_search_box_is_not_announced_as_required(client, cast):
    for user, page in ((cast.river, "clients:caseload"), (cast.sam, "clients:supervision")):
        client.force_login(user)
        body = client.get(reverse(page)).content.decode()
        found = re.search(r'<form [^>]*role="search".*?</form>', body, re.S)
        assert found, "no search form"
        box = found.group(0)
        assert "Find a client by name" in box
        assert "required" not in box and 'type="search"' in box


def test_an_empty_search_just_shows_the_list(client, cast):
    for user, home in ((cast.river, "clients:caseload"), (cast.sam, "clients:supervision")):
        client.force_login(user)
        for typed in ("", "   "):
            response = client.post(reverse("clients:search"), {"q": typed}, follow=True)
            assert response.redirect_chain[-1][0] == reverse(home)
            assert "Ash Canary" in response.content.decode()
            assert "This field is required" not in response.content.decode()
