"""gunicorn's access log, without link tokens and with the request's id: `alongside serve`
runs gunicorn with `--logger-class=alongside.ops.gunicorn_logging.ScrubbingLogger` (see
core.logscrub and core.logs). With ALONGSIDE_LOG_FORMAT=json each access line is one JSON
object, like Django's own lines."""

import json
import os
import traceback
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from alongside.core.logscrub import ScrubTokens, scrub

# The combined log format plus the id Alongside gave the request (core.logs).
TEXT_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s" id=%({x-request-id}o)s'


def json_lines() -> bool:
    return os.environ.get("ALONGSIDE_LOG_FORMAT", "text") == "json"


class ScrubbingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # The request line, path, query, referer and every header ({name}i) may carry one.
        for key in list(atoms):
            value = atoms[key]
            if isinstance(value, str):
                atoms[key] = scrub(value)
        return atoms

    def access(self, resp, req, environ, request_time):
        if not (self.access_log_enabled and json_lines()):
            return super().access(resp, req, environ, request_time)
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": atoms["{x-request-id}o"],
            "method": atoms["m"],
            "path": atoms["U"],
            "status": atoms["s"],
            "bytes": atoms["B"],
            "seconds": float(atoms["L"]),
            "remote": atoms["h"],
            "user_agent": atoms["a"],
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())

    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn's own messages ("Error handling request /check-in/...") too.
        self.error_log.addFilter(ScrubTokens())
        if json_lines():  # gunicorn's own lines ("Booting worker") as JSON too
            from alongside.core.logs import JsonLines

            for handler in self.error_log.handlers:
                handler.setFormatter(JsonLines())
