"""Key rotation: re-encrypt under the newest key, and retire keys no row still uses."""

from collections import Counter

from django.conf import settings
from django.db import connection, transaction

from alongside.core.crypto import configured_keys, key_file, keyring, new_key, reset_keyring
from alongside.core.fields import encrypted_columns


class KeyInUse(Exception):
    pass


def _columns():
    for model, field in encrypted_columns():
        yield model._meta.db_table, model._meta.pk.column, field.column


def key_usage() -> Counter[str]:
    """How many stored values each key id encrypts, read from the raw columns."""
    usage: Counter[str] = Counter()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, _pk, column in _columns():
            cursor.execute(f"SELECT {qn(column)} FROM {qn(table)} WHERE {qn(column)} <> ''")  # noqa: S608 (names come from models)
            for (value,) in cursor.fetchall():
                usage[value.partition("$")[0]] += 1
    return usage


def reencrypt_all(batch: int = 500) -> int:
    """Re-encrypt every value that is not under the primary key. Returns how many changed."""
    ring = keyring()
    prefix = f"{ring.primary}$"
    qn = connection.ops.quote_name
    changed = 0
    for table, pk, column in _columns():
        select = (
            f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} "  # noqa: S608 (names come from models)
            f"WHERE {qn(column)} <> '' AND {qn(column)} NOT LIKE %s ORDER BY {qn(pk)}"
        )
        update = (
            f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s AND {qn(column)} = %s"  # noqa: S608, E501
        )
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select + f" LIMIT {int(batch)}", [prefix + "%"])
                rows = cursor.fetchall()
                for row_pk, value in rows:
                    fresh = ring.encrypt(ring.decrypt(value))
                    cursor.execute(update, [fresh, row_pk, value])
                    changed += cursor.rowcount
            if len(rows) < batch:
                break
    return changed


def add_key() -> str:
    """Put a new key first in the key file; it encrypts from now on."""
    _require_key_file()
    keys = configured_keys()
    numbers = [int(k[1:]) for k, _ in keys if k[1:].isdigit()]
    key_id = f"k{max(numbers, default=0) + 1}"
    _write_keys([(key_id, new_key()), *keys])
    return key_id


def retire_key(key_id: str) -> None:
    """Drop a key from the key file, refusing while any stored value still needs it."""
    _require_key_file()
    keys = configured_keys()
    if key_id not in dict(keys):
        raise KeyError(key_id)
    if keys[0][0] == key_id:
        raise KeyInUse(f"{key_id} is the key that encrypts new data; add a new key first.")
    in_use = key_usage()[key_id]
    if in_use:
        raise KeyInUse(f"{in_use} stored values still use {key_id}; run rotate_keys first.")
    _write_keys([pair for pair in keys if pair[0] != key_id])


def _require_key_file():
    if settings.DATA_KEYS:
        raise KeyInUse(
            "Keys come from ALONGSIDE_DATA_KEYS: change that variable (new key first), "
            "restart, then run rotate_keys."
        )


def _write_keys(keys) -> None:
    path = key_file()
    tmp = path.with_suffix(".new")
    tmp.write_text("".join(f"{k}:{v}\n" for k, v in keys))
    tmp.chmod(0o600)
    tmp.replace(path)
    reset_keyring()
