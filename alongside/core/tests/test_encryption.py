from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.clients.models import Client
from alongside.core.crypto import KeyRing, keyring, new_key


def raw_row(model, pk) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return " ".join(str(value) for value in cursor.fetchone())


def test_the_database_row_holds_no_plaintext(cast):
    client = cast.client
    client.legal_name = "Legal Canaryname"
    client.phone = "07700 900123"
    client.save()
    row = raw_row(Client, client.pk)
    for secret in [
        "Ash Canary",
        "he/him",
        "ash@example.invalid",
        "CANARY-SELF-DESCRIPTION",
        "Legal Canaryname",
        "07700 900123",
    ]:
        assert secret not in row
    assert f"{keyring().primary}$" in row


def test_values_read_back_as_written(cast):
    fresh = Client.objects.get(pk=cast.client.pk)
    assert fresh.chosen_name == "Ash Canary"
    assert fresh.self_description == "CANARY-SELF-DESCRIPTION"


@settings(max_examples=200)
@given(st.text())
def test_any_text_round_trips(text):
    ring = KeyRing([("a", new_key())])
    stored = ring.encrypt(text)
    assert stored.startswith("a$")
    assert ring.decrypt(stored) == text


def test_two_encryptions_of_the_same_text_differ():
    ring = KeyRing([("a", new_key())])
    assert ring.encrypt("same") != ring.encrypt("same")
