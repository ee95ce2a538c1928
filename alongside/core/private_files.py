"""What the app writes to disk is for the app's user only: files 0600 in a 0700 var dir.

The var dir holds plaintext copies of things the database keeps encrypted or private: the
SQLite database and its -wal/-shm files, the mail outbox (client names, live links), the
key files. A 0644 default would let any local account read them. So every process that
loads Django (the web server, management commands, cron jobs) sets umask 077 before it
writes anything, and tightens what an older version left readable.
"""

import os
import stat
from pathlib import Path

from alongside.core.sqlite import is_sqlite

UMASK = 0o077


def _tighten(path: Path, mode: int) -> None:
    """chmod to `mode` if the path is ours and looser than that (never loosen)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return
    if stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)


def sqlite_files(database: dict) -> list[Path]:
    """The SQLite database file, its WAL and shared-memory files and the writers' lock file
    (alongside.core.sqlite), if SQLite is used."""
    name = str(database.get("NAME") or "")
    if not is_sqlite(database) or not name:
        return []
    if name == ":memory:" or name.startswith("file:"):
        return []
    return [Path(name + suffix) for suffix in ("", "-wal", "-shm", "-journal", "-writer")]


def make_private(var_dir, *, databases=None, outbox=None) -> None:
    """Set umask 077 for this process, make the var dir 0700 and what is in it 0600."""
    os.umask(UMASK)
    var_dir = Path(var_dir)
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    _tighten(var_dir, 0o700)
    for child in var_dir.iterdir():
        _tighten(child, 0o700 if child.is_dir() else 0o600)
    for database in (databases or {}).values():
        for path in sqlite_files(database):
            _tighten(path, 0o600)
    if outbox:
        outbox = Path(outbox)
        _tighten(outbox, 0o700)
        if outbox.is_dir():
            for message in outbox.iterdir():
                _tighten(message, 0o600)
