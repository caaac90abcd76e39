"""`ranting serve`: the production server. gunicorn runs the WSGI app; WhiteNoise (a middleware
of the app) serves the static files that collectstatic gathered, so no separate web server is
needed for them. Put a TLS proxy (nginx, Caddy) in front: docs/deployment.md.
"""

from __future__ import annotations

import argparse
import os

HELP = "Run RANTING in production with gunicorn (collectstatic first; --migrate to migrate)."
# Access-log line: client, time, method, path WITHOUT the query string (it may carry a searched
# name or NIK), status, bytes, milliseconds. No referrer or user agent.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bind", help="HOST:PORT or unix:PATH (default RANTING_BIND)")
    parser.add_argument("--workers", type=int, help="worker processes (default RANTING_WORKERS)")
    parser.add_argument("--migrate", action="store_true", help="apply database migrations first")
    parser.add_argument(
        "--no-collectstatic", action="store_true", help="static files are already collected"
    )


def worker_count(configured: int) -> int:
    """gunicorn's rule of thumb: 2 × CPU cores + 1 (one busy on I/O while another computes)."""
    return configured if configured > 0 else 2 * (os.cpu_count() or 1) + 1


def worker_class(threads: int) -> str:
    """One thread: gunicorn's sync workers, which take a connection only when idle, so a request
    never waits behind another in a busy worker while a second one idles (threads are bound to
    their worker's one core by the GIL). At 300 submissions a second on the city bench, a lower
    p95 than 2 workers x 4 threads in 8 of 9 runs taken in turn, median 235 -> 180 ms
    (docs/scaling.md (1f)); like gthread, it needs the buffering TLS proxy in front."""
    return "sync" if threads <= 1 else "gthread"


def _options(args: argparse.Namespace, settings) -> dict:
    from ranting.commands.serve_logging import MaskedGunicornLogger

    return {
        "bind": args.bind or settings.SERVE_BIND,
        "workers": worker_count(args.workers or settings.SERVE_WORKERS),
        "worker_class": worker_class(settings.SERVE_THREADS),
        "threads": settings.SERVE_THREADS,
        "timeout": settings.SERVE_TIMEOUT,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "logger_class": MaskedGunicornLogger,
        "proc_name": "ranting",
        # No control socket in the service user's home: nothing here uses gunicornc.
        "control_socket_disable": True,
        "post_worker_init": _worker_started,
    }


def _worker_started(worker) -> None:
    warm_up()
    # FACTS_REFRESH=queued: each worker drains the facts queue in a thread of its own, in turn.
    from ranting.facts.refresher import start_if_queued

    start_if_queued(turns=worker.cfg.workers)


def warm_up() -> None:
    """Load now what a worker's first request would load: the URLconf with every view and API
    schema it imports, and the WHO tables. A worker's first batch of 20 measurements took
    0.75–1.0 s of CPU, the next ones ≈ 45 ms; with this (≈ 0.6 s at start) it takes ≈ 70 ms."""
    from django.urls import get_resolver

    from ranting.growth import preload

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
    preload()


def run(args: argparse.Namespace) -> int:
    from ranting.commands import django_setup

    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    if settings.DEBUG:
        print("Peringatan: RANTING_DEBUG=1 (mode pengembangan); setel RANTING_DEBUG=0 di server.")
    if args.migrate:
        call_command("migrate", interactive=False, verbosity=1)
    if not args.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    # The workers are forked from this process: none may inherit its database connection.
    connections.close_all()

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in _options(args, settings).items():
                self.cfg.set(key, value)

        def load(self):
            # Built after collectstatic: WhiteNoise indexes the static folder when it starts.
            from ranting.wsgi import application

            return application

    Server().run()
    return 0
