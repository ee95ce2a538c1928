import sqlite3

import pytest
from django.conf import settings
from django.db.utils import ConnectionHandler

from alongside.core.sqlite import is_sqlite


@pytest.mark.skipif(
    not is_sqlite(settings.DATABASES["default"]),
    reason="SQLite settings apply only on the SQLite pass",
)
def test_sqlite_runs_in_wal_with_full_sync_and_immediate_transactions(tmp_path, django_db_blocker):
    config = dict(settings.DATABASES["default"], NAME=str(tmp_path / "probe.sqlite3"))
    handler = ConnectionHandler({"default": config})
    conn = handler["default"]
    with django_db_blocker.unblock():
        _check_pragmas(conn, config)


def _check_pragmas(conn, config):
    try:
        with conn.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000
        assert conn.transaction_mode == "IMMEDIATE"
    finally:
        conn.close()
    assert sqlite3.connect(config["NAME"]).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unknown_views_are_refused_by_default(rf):
    from django.http import Http404, HttpResponse

    from alongside.core.middleware import DenyByDefaultMiddleware

    def unlabelled(request):
        return HttpResponse("secret")

    middleware = DenyByDefaultMiddleware(lambda request: HttpResponse())
    with pytest.raises(Http404):
        middleware.process_view(rf.get("/"), unlabelled, (), {})
