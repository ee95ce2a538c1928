"""The crash test (crash_test.py) as part of the suite, on the suite's database: SQLite, or
a scratch database on the PostgreSQL server of DATABASE_URL. Skip it with -m "not crash"."""

import os

import pytest

from tests.crash import crash_test


@pytest.mark.crash
def test_every_acknowledged_write_survives_kill_9_of_the_server(tmp_path):
    database_url = os.environ.get("DATABASE_URL", "")
    result = crash_test.run(
        cycles=5,
        writers=4,
        database_url=database_url if database_url.startswith("postgres") else None,
        workdir=tmp_path,
        seed=1,
        log=lambda line: None,
    )
    assert result["problems"] == [], result
    assert result["kills"] == 5
    assert result["acknowledged"] >= 100, result  # the writes really were flowing
    assert result["http_errors"] == 0
    assert result["database_is_locked"] == 0
    assert result["records_in_database"] == result["acknowledged"] + result["in_doubt_present"]
    if not database_url.startswith("postgres"):
        assert result["integrity_check"] == "ok"
