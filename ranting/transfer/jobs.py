"""Web imports run in a background thread; the page polls a progress file.

Files live in VAR_DIR/imports: the upload (`<job>-<random>.<ext>`), its progress
(`….progress.json`, rewritten atomically, read by the status view) and the report of refused rows
(`….ditolak.csv`). The progress is a file, not a database row, because during the save the import
holds the database write lock (SQLite) inside its one transaction.

A job whose thread died (server restart, killed worker) stops updating its progress file; the
next look at the job marks it failed. Its transaction was never committed, so nothing was saved.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from ranting.transfer.access import importable_posyandus
from ranting.transfer.importer import (
    ImportInterrupted,
    ImportResult,
    MappingError,
    import_posyandus,
    run_import,
)
from ranting.transfer.models import ImportJob
from ranting.transfer.plan import Context
from ranting.transfer.reading import FileError
from ranting.transfer.values import text

logger = logging.getLogger(__name__)

State = ImportJob.State
# A running job's progress file is rewritten at least every 1,000 rows (well under a second);
# two minutes without a sign of life means its thread is gone.
STALE_SECONDS = 120
UPLOAD_KEEP_DAYS = 7
PROBLEMS_SHOWN = 50  # on the page; the downloadable report lists them all
_threads: dict[int, threading.Thread] = {}


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_stored_name(original: str) -> str:
    suffix = Path(original).suffix.lower()
    suffix = suffix if suffix in (".csv", ".xlsx", ".txt", ".xls") else ".dat"
    return f"{secrets.token_hex(12)}{suffix}"


def upload_path(job: ImportJob) -> Path:
    return imports_dir() / job.stored_name


def progress_path(job: ImportJob) -> Path:
    return imports_dir() / f"{job.stored_name}.progress.json"


def report_path(job: ImportJob) -> Path:
    return imports_dir() / f"{job.stored_name}.ditolak.csv"


def write_progress(path: Path, phase: str, done: int, total: int | None) -> None:
    """Replace the progress file in one step, so a reader never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total, "at": time.time()}))
    os.replace(tmp, path)


def read_progress(job: ImportJob) -> dict:
    try:
        return json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return {}


def context_for(job: ImportJob) -> Context:
    return Context(
        kelurahan=job.kelurahan,
        posyandus=import_posyandus(job.kelurahan),
        importable_ids=set(
            importable_posyandus(job.user, job.kelurahan).values_list("pk", flat=True)
        ),
        user=job.user,
        today=timezone.localdate(),
    )


def start(job: ImportJob, *, write: bool) -> threading.Thread:
    """Mark the job running and check (or save) it in a background thread."""
    job.state = State.SAVING if write else State.CHECKING
    job.message = ""
    job.save(update_fields=["state", "message", "updated_at"])
    write_progress(progress_path(job), "", 0, None)
    thread = threading.Thread(target=_run, args=(job.pk, write), daemon=True)
    _threads[job.pk] = thread
    thread.start()
    return thread


def wait(job_pk: int, timeout: float = 60) -> None:
    """Block until the job's thread (started in this process) ends."""
    thread = _threads.get(job_pk)
    if thread is not None:
        thread.join(timeout)


def _run(job_pk: int, write: bool) -> None:
    close_old_connections()
    try:
        job = ImportJob.objects.select_related("kelurahan", "user").get(pk=job_pk)
        _execute(job, write)
    except Exception:  # a failed job must say so, whatever broke
        logger.exception("import job %s failed", job_pk)
        ImportJob.objects.filter(pk=job_pk).update(
            state=State.FAILED,
            message=_("Terjadi kesalahan sistem; tidak ada data yang tersimpan sebagian."),
            finished_at=timezone.now(),
        )
    finally:
        _threads.pop(job_pk, None)
        connections.close_all()


def _execute(job: ImportJob, write: bool) -> None:
    path = progress_path(job)
    try:
        result = run_import(
            upload_path(job),
            job.mapping,
            context_for(job),
            write=write,
            valid_only=job.valid_only,
            progress=lambda phase, done, total: write_progress(path, phase, done, total),
            report_path=report_path(job),
        )
    except (FileError, MappingError, ImportInterrupted) as err:
        messages = getattr(err, "messages", None) or [err.message]
        _finish(job, State.FAILED, message=" ".join(messages))
        return
    summary = result.summary
    if not write:
        state = State.CHECKED
    else:
        state = State.DONE if summary.written else State.REFUSED
    _finish(job, state, result)
    if write:
        upload_path(job).unlink(missing_ok=True)


def _finish(
    job: ImportJob, state: str, result: ImportResult | None = None, message: str = ""
) -> None:
    job.state = state
    job.message = message
    job.finished_at = timezone.now()
    fields = ["state", "message", "finished_at", "updated_at"]
    if result is not None:
        job.summary = result.summary.as_dict()
        job.checked_rows = [
            {
                "number": row.number,
                "outcome": row.outcome,
                "outcome_label": row.outcome_label,
                "cells": [text(c) for c in row.cells],
                "errors": [list(e) for e in row.errors],
                "warnings": [list(w) for w in row.warnings],
            }
            for row in result.preview
        ]
        job.problems = [
            {
                "number": row.number,
                "outcome": row.outcome,
                "outcome_label": row.outcome_label,
                "reasons": [list(e) for e in row.errors or row.warnings],
            }
            for row in result.report[:PROBLEMS_SHOWN]
        ]
        fields += ["summary", "checked_rows", "problems"]
        if not result.report:
            report_path(job).unlink(missing_ok=True)
    job.save(update_fields=fields)
    progress_path(job).unlink(missing_ok=True)


def mark_if_stale(job: ImportJob) -> ImportJob:
    """A running job without a live thread and with an old progress file has died: say so."""
    if not job.is_running or job.pk in _threads:
        return job
    try:
        last = progress_path(job).stat().st_mtime
    except OSError:
        last = job.updated_at.timestamp()
    if time.time() - last > STALE_SECONDS:
        job.state = State.FAILED
        job.message = _(
            "Proses impor terhenti (server dimulai ulang). Tidak ada data yang tersimpan "
            "sebagian; ulangi impor."
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "message", "finished_at", "updated_at"])
    return job


def purge_old_uploads() -> int:
    """Delete uploads and reports older than UPLOAD_KEEP_DAYS (personal data: keep briefly)."""
    limit = time.time() - UPLOAD_KEEP_DAYS * 86400
    removed = 0
    for path in imports_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
