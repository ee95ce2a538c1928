import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from alongside.clients.models import Client
from alongside.core.crypto import new_key, reset_keyring
from alongside.core.keys import key_usage
from alongside.core.tests.test_encryption import raw_row


@pytest.fixture
def key_file(tmp_path, cast):
    """Switch the app to a key file holding only k1, and store the cast under it."""
    path = tmp_path / "data-keys"
    path.write_text(f"k1:{new_key()}\n")
    clients = list(Client.objects.all())
    with override_settings(DATA_KEYS="", DATA_KEYS_FILE=str(path)):
        reset_keyring()
        for client in clients:
            client.save()
        yield path
    reset_keyring()


def test_rotation_moves_every_value_to_the_new_key(key_file):
    assert set(key_usage()) == {"k1"}
    call_command("rotate_keys", "--new-key")
    assert set(key_usage()) == {"k2"}
    assert key_file.read_text().startswith("k2:")
    pk = Client.objects.values_list("pk", flat=True)[0]
    assert "k2$" in raw_row(Client, pk)
    assert Client.objects.get(chosen_name__isnull=False, pk=pk)


def test_a_retired_key_is_gone_and_everything_still_decrypts(key_file, cast):
    call_command("rotate_keys", "--new-key")
    call_command("rotate_keys", "--retire", "k1")
    assert "k1:" not in key_file.read_text()
    reset_keyring()
    assert Client.objects.get(pk=cast.client.pk).chosen_name == "Ash Canary"


def test_retiring_a_key_that_rows_still_use_is_refused(key_file, cast):
    key_file.write_text(f"k2:{new_key()}\n" + key_file.read_text())
    reset_keyring()
    with pytest.raises(CommandError, match="still use k1"):
        call_command("rotate_keys", "--retire", "k1")
    assert "k1:" in key_file.read_text()
    assert Client.objects.get(pk=cast.client.pk).chosen_name == "Ash Canary"


def test_retiring_the_key_in_use_for_new_data_is_refused(key_file):
    with pytest.raises(CommandError, match="encrypts new data"):
        call_command("rotate_keys", "--retire", "k1")


def test_rotation_rebuilds_the_name_index_under_the_new_key_and_search_still_finds(key_file, cast):
    from alongside.clients.caseload import search
    from alongside.clients.models import NameToken

    assert set(NameToken.objects.values_list("key_id", flat=True)) == {"k1"}
    call_command("rotate_keys", "--new-key")
    assert set(NameToken.objects.values_list("key_id", flat=True)) == {"k2"}
    call_command("rotate_keys", "--retire", "k1")
    reset_keyring()
    found, _more = search(cast.river, "ash")
    assert [c.pk for c in found] == [cast.client.pk]


def test_rotation_moves_every_name_bucket_even_of_names_too_short_to_search(key_file, cast):
    """A one-letter name has no search tokens, only its bucket: it is indexed again too,
    and the caseload still lists everyone A to Z once the old key is gone."""
    from alongside.clients.caseload import caseload_page

    short = Client.objects.create(practice=cast.practice, therapist=cast.river, chosen_name="J")
    assert short.name_bucket.startswith("k1:")
    call_command("rotate_keys", "--new-key")
    buckets = set(Client.objects.values_list("name_bucket", flat=True))
    assert buckets and all(b.startswith("k2:") for b in buckets)
    call_command("rotate_keys", "--retire", "k1")
    reset_keyring()
    listed = [c.chosen_name for c in caseload_page(cast.river).clients]
    assert listed == sorted(listed, key=str.casefold) and "J" in listed


def test_a_clients_proved_address_moves_to_the_new_key_and_still_verifies(key_file, cast):
    from alongside.accounts import addresses
    from alongside.accounts.models import AddressProof

    addresses.prove(cast.client_user, "ash@example.invalid")
    proof = AddressProof.objects.get(user=cast.client_user)
    assert "k1$" in raw_row(AddressProof, proof.pk)
    call_command("rotate_keys", "--new-key")
    call_command("rotate_keys", "--retire", "k1")
    reset_keyring()
    row = raw_row(AddressProof, proof.pk)
    assert "k2$" in row and "ash@example.invalid" not in row
    assert addresses.may_receive_sign_in_links(cast.client_user, "ash@example.invalid")
