"""The mail outbox (the default email backend): one file per batch in EMAIL_FILE_PATH,
made 0600 in a 0700 folder whatever the process's umask, because the messages hold client
names and live links (check-in and invitation links work for whoever reads them)."""

import os
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class PrivateFileBackend(EmailBackend):
    file_path: str  # set by EmailBackend.__init__ (django-stubs leave it out)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        folder = Path(self.file_path)
        if folder.stat().st_uid == os.getuid():
            folder.chmod(0o700)

    def open(self):
        if self.stream is None:
            self._fname = self._get_filename()
            fd = os.open(self._fname, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self.stream = os.fdopen(fd, "ab")
            return True
        return False
