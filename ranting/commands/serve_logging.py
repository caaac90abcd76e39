"""gunicorn's own logs (access and error) through the same NIK mask as the app's logs."""

from __future__ import annotations

from gunicorn.glogging import Logger

from ranting.lib.logging import MaskNikFilter


class MaskedGunicornLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(MaskNikFilter())
