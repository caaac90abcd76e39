"""The background refresher of FACTS_REFRESH = "queued": a daemon thread that drains the
StaleFact queue (services.refresh_stale) every FACTS_REFRESH_SECONDS.

`ranting serve` starts one in every gunicorn worker (post_worker_init), so the queue is served
as long as the site is; SKIP LOCKED lets the workers' refreshers share it. A pass that fails
(the database restarting) is logged and retried at the next tick: the queue keeps its rows.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from ranting.facts import services

log = logging.getLogger(__name__)


class Refresher(threading.Thread):
    def __init__(self, seconds: float | None = None) -> None:
        super().__init__(name="facts-refresher", daemon=True)
        self.seconds = settings.FACTS_REFRESH_SECONDS if seconds is None else seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.seconds):
            self.drain()
        connection.close()

    def drain(self) -> int:
        """Refresh until the queue is empty; returns the queue rows taken."""
        taken = 0
        close_old_connections()
        try:
            while (rows := services.refresh_stale()) > 0:
                taken += rows
        except Exception:  # noqa: BLE001 - any failure: keep the rows, try at the next tick
            log.exception("refreshing the queued facts failed; retrying in %s s", self.seconds)
            connection.close()
        return taken

    def stop(self) -> None:
        self.stopped.set()


def start_if_queued() -> Refresher | None:
    if settings.FACTS_REFRESH != "queued":
        return None
    refresher = Refresher()
    refresher.start()
    return refresher
