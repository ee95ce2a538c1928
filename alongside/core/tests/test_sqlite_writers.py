"""SQLite writers take turns (alongside.core.sqlite): a writer starts as soon as the one
before it commits or rolls back, not when SQLite's busy handler next wakes it."""

import multiprocessing
import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from alongside.core.sqlite import ENGINE, is_sqlite
from alongside.core.sqlite.base import WriteQueue, lock_file, write_queue

pytestmark = pytest.mark.skipif(
    not is_sqlite(settings.DATABASES["default"]),
    reason="the SQLite backend applies only on the SQLite pass",
)

HOLD = 0.25  # seconds the first writer keeps its transaction open


def test_the_app_uses_the_queueing_backend():
    assert settings.DATABASES["default"]["ENGINE"] == ENGINE


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """Connections (a fresh handler per thread) to a file database of their own."""
    config = dict(settings.DATABASES["default"], NAME=str(tmp_path / "turns.sqlite3"))
    with django_db_blocker.unblock():
        setup = sqlite3.connect(config["NAME"])
        setup.execute("CREATE TABLE line (who TEXT)")
        setup.commit()
        setup.close()
        yield config


def _connect(config):
    return ConnectionHandler({"default": config})["default"]


def _second_writer_lateness(config, *, fail=False):
    """How long after the first writer ends its transaction the second one begins."""
    started, ended, began = threading.Event(), {}, {}

    def first():
        conn = _connect(config)
        try:
            conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            conn.cursor().execute("INSERT INTO line VALUES ('first')")
            started.set()
            time.sleep(HOLD)
            ended["at"] = time.monotonic()
            conn.rollback() if fail else conn.commit()
            conn.set_autocommit(True)
        finally:
            conn.close()

    def second():
        started.wait()
        conn = _connect(config)
        try:
            conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            began["at"] = time.monotonic()
            conn.cursor().execute("INSERT INTO line VALUES ('second')")
            conn.commit()
            conn.set_autocommit(True)
        finally:
            conn.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return began["at"] - ended["at"]


@pytest.mark.parametrize("fail", [False, True], ids=["commit", "rollback"])
def test_the_next_writer_begins_as_soon_as_the_first_ends(database, fail):
    # SQLite's busy handler alone would let the second writer sleep through the release:
    # after 250 ms of waiting its next try is at 328 ms, about 80 ms late.
    lateness = _second_writer_lateness(database, fail=fail)
    assert 0 <= lateness < 0.04, lateness
    rows = sqlite3.connect(database["NAME"]).execute("SELECT who FROM line").fetchall()
    assert rows == ([("second",)] if fail else [("first",), ("second",)])


def _queue(name) -> WriteQueue:
    queue = write_queue(name)
    assert queue is not None
    return queue


def _try_in_another_process(name, timeout, answer):
    try:
        _queue(name).take(timeout)
    except OperationalError:
        answer.put("locked")
    else:
        answer.put("taken")


def test_another_process_waits_for_the_turn_and_gives_up_with_sqlites_message(database):
    name = database["NAME"]
    queue = _queue(name)
    queue.take(1)
    context = multiprocessing.get_context("fork")
    answer = context.Queue()
    try:
        child = context.Process(target=_try_in_another_process, args=(name, 0.2, answer))
        child.start()
        child.join(10)
        assert answer.get(timeout=5) == "locked"
    finally:
        queue.give_back()
    child = context.Process(target=_try_in_another_process, args=(name, 0.2, answer))
    child.start()
    child.join(10)
    assert answer.get(timeout=5) == "taken"


def test_a_transaction_that_cannot_begin_gives_its_turn_back(database):
    outsider = sqlite3.connect(database["NAME"], timeout=0)
    outsider.execute("BEGIN IMMEDIATE")  # a program that does not queue holds the lock
    conn = _connect(dict(database, OPTIONS={**database["OPTIONS"], "timeout": 0.1}))
    try:
        with pytest.raises(OperationalError):
            conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
        assert conn._turn is None
    finally:
        outsider.rollback()
        conn.close()
    queue = _queue(database["NAME"])
    queue.take(0.1)  # free again
    queue.give_back()


def test_in_memory_databases_have_no_lock_file():
    assert lock_file(":memory:") is None
    assert lock_file("file:memorydb_default?mode=memory&cache=shared") is None
    assert lock_file("/var/alongside.sqlite3") == "/var/alongside.sqlite3-writer"
