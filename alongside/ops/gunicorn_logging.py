"""gunicorn's access log, without link tokens: `alongside serve` runs gunicorn with
`--logger-class=alongside.ops.gunicorn_logging.ScrubbingLogger` (see core.logscrub)."""

from gunicorn.glogging import Logger

from alongside.core.logscrub import ScrubTokens, scrub


class ScrubbingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # The request line, path, query, referer and every header ({name}i) may carry one.
        for key in list(atoms):
            value = atoms[key]
            if isinstance(value, str):
                atoms[key] = scrub(value)
        return atoms

    def setup(self, cfg):
        super().setup(cfg)
        # gunicorn's own messages ("Error handling request /check-in/...") too.
        self.error_log.addFilter(ScrubTokens())
