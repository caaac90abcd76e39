"""No NIK or KK number reaches a log line: message, arguments, traceback, any handler."""

from __future__ import annotations

import io
import logging
import subprocess
import sys

import pytest
from django.conf import settings

from ranting.lib.logging import MaskNikFilter, mask_identity_numbers

NIK = "3275061503240001"
KK = "3275060101200003"
# Written out by hand: four digits, eight bullets, four digits.
NIK_MASKED = "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220001"
KK_MASKED = "3275\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u20220003"


def _emit(record_args: dict) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskNikFilter())
    logger = logging.Logger("uji")
    logger.addHandler(handler)
    logger.handle(logger.makeRecord(**record_args))
    return stream.getvalue()


def _record(msg, args=(), exc_info=None) -> dict:
    return {
        "name": "uji",
        "level": logging.WARNING,
        "fn": __file__,
        "lno": 1,
        "msg": msg,
        "args": args,
        "exc_info": exc_info,
    }


@pytest.mark.parametrize(
    ("msg", "args"),
    [
        pytest.param(f"anak {NIK} kk {KK}", (), id="in-the-message"),
        pytest.param("anak %s kk %s", (NIK, KK), id="positional-arguments"),
        pytest.param("anak %(nik)s kk %(kk)s", ({"nik": NIK, "kk": KK},), id="named-arguments"),
        pytest.param("anak %d kk %s", (int(NIK), KK), id="a-number"),
        pytest.param("baris %s", ({"nik": NIK, "no_kk": KK},), id="inside-a-dict-repr"),
    ],
)
def test_it_masks_the_numbers_wherever_they_sit(msg, args):
    line = _emit(_record(msg, args))

    assert NIK not in line
    assert KK not in line
    assert NIK_MASKED in line
    assert KK_MASKED in line


def test_it_masks_numbers_written_in_groups():
    assert mask_identity_numbers("NIK 3275 0615 0324 0001.") == f"NIK {NIK_MASKED}."
    assert mask_identity_numbers("NIK 3275-0615-0324-0001") == f"NIK {NIK_MASKED}"


def test_it_leaves_other_numbers_alone():
    text = "id 12345678901234567, HP 081234567890, 2025-01-15 10:00:00.123456, 15 anak"
    assert mask_identity_numbers(text) == text


def test_it_masks_a_traceback():
    try:
        raise ValueError(f"NIK {NIK} sudah terdaftar")
    except ValueError:
        line = _emit(_record("gagal simpan", exc_info=sys.exc_info()))

    assert "Traceback" in line
    assert NIK not in line
    assert NIK_MASKED in line


def _configured_handlers() -> list[logging.Handler]:
    """The handlers settings.LOGGING installed (pytest adds its own capture handlers)."""
    loggers = [logging.getLogger(), logging.getLogger("django.server")]
    return [
        h for lg in loggers for h in lg.handlers if not type(h).__module__.startswith("_pytest")
    ]


def test_every_configured_handler_masks():
    handlers = settings.LOGGING["handlers"]
    assert handlers
    assert all("mask_nik" in h.get("filters", []) for h in handlers.values())
    live = _configured_handlers()
    assert live
    assert all(any(isinstance(f, MaskNikFilter) for f in h.filters) for h in live)
    # Django's default handlers (console, mail_admins) no longer hang on its logger.
    assert logging.getLogger("django").handlers == []


@pytest.fixture
def console():
    """What the configured console handler writes, for the length of a test."""
    stream = io.StringIO()
    handler = next(h for h in logging.getLogger().handlers if h in _configured_handlers())
    # Swapped directly: setStream() flushes the old stream, which may be an earlier test's
    # captured stderr that pytest has already closed.
    previous, handler.stream = handler.stream, stream
    yield stream
    handler.stream = previous


def test_a_request_with_a_nik_in_the_path_is_logged_masked(client, db, console):
    response = client.get(f"/tidak-ada/{NIK}/")

    line = console.getvalue()
    assert response.status_code == 404
    assert "Not Found" in line
    assert NIK not in line
    assert NIK_MASKED in line


def test_a_fresh_process_logs_masked(tmp_path):
    # Settings as any deployment loads them: the wiring, not a handler built by the test.
    script = (
        "import django, logging; django.setup(); "
        f"logging.getLogger('ranting.uji').warning('anak %s', '{NIK}'); "
        f"logging.getLogger('django.request').error('Internal Server Error: /anak/?nik={NIK}')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "ranting.settings", "DB_NAME": str(tmp_path / "x.db")},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    assert NIK not in result.stderr
    assert result.stderr.count(NIK_MASKED) == 2
