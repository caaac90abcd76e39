"""The background refresher of FACTS_REFRESH = "queued": a daemon thread that drains the
StaleFact queue (services.refresh_stale) every FACTS_REFRESH_SECONDS.

`ranting serve` starts one in every gunicorn worker (post_worker_init), so the queue is served
as long as the site is; SKIP LOCKED lets the workers' refreshers share it. They take turns: each
ticks once per `turns` (the number of workers) periods, at a random phase, so the server passes
over the queue about once a period however many workers it runs: five workers each passing
every second made the city bench's p95 214 and 430 ms, against 160 ms with one pass a second
in all (docs/scaling.md (1f)). A pass that fails (the database restarting) is logged and
retried at the next tick: the queue keeps its rows.
"""

from __future__ import annotations

import logging
import random
import threading

from django.conf import settings
from django.db import close_old_connections, connection

from ranting.facts import services

log = logging.getLogger(__name__)


class Refresher(threading.Thread):
    def __init__(self, seconds: float | None = None, turns: int = 1) -> None:
        super().__init__(name="facts-refresher", daemon=True)
        period = settings.FACTS_REFRESH_SECONDS if seconds is None else seconds
        self.seconds = period * max(turns, 1)
        self.stopped = threading.Event()

    def run(self) -> None:
        wait = random.uniform(0, self.seconds)  # workers started together spread their turns
        while not self.stopped.wait(wait):
            self.drain()
            wait = self.seconds
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


def start_if_queued(turns: int = 1) -> Refresher | None:
    """A refresher of one of `turns` workers, when facts are queued."""
    if settings.FACTS_REFRESH != "queued":
        return None
    refresher = Refresher(turns=turns)
    refresher.start()
    return refresher
