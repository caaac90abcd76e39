"""A logging filter that keeps NIK and family-card (KK) numbers out of every log line.

Both are 16-digit numbers (Dukcapil). They reach log records through request paths and query
strings, form values in error messages, database errors quoting a row, and tracebacks. The
filter masks any run of exactly 16 digits (also written in groups with spaces, dots or dashes)
in the formatted message, the traceback and the stack, so no handler ever sees the full number.
A longer number (an id, a phone number with a prefix) is left alone when written without
separators; with separators a 16-digit stretch of it is masked, which is harmless in a log.
"""

from __future__ import annotations

import logging
import re
import traceback

from ranting.lib.nik import NIK_LENGTH, mask_nik

# 16 digits, optionally one space, dot or dash between them, not part of a longer digit run.
IDENTITY_NUMBER = re.compile(rf"(?<!\d)\d(?:[ .\-]?\d){{{NIK_LENGTH - 1}}}(?!\d)")


def _mask_match(match: re.Match[str]) -> str:
    return mask_nik("".join(ch for ch in match.group(0) if ch.isdigit()))


def mask_identity_numbers(text: str) -> str:
    """`text` with every NIK/KK-shaped number masked (`3275••••••••0001`)."""
    return IDENTITY_NUMBER.sub(_mask_match, text)


class MaskNikFilter(logging.Filter):
    """Masks NIK/KK numbers in the message (with its arguments), traceback and stack of a record.

    Attach it to handlers (not loggers): handler filters also see records propagated from
    child loggers such as django.request and django.server.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A record whose arguments do not fit its format: mask what there is.
            message = f"{record.msg} {record.args}"
        masked = mask_identity_numbers(message)
        if masked != message:
            # The arguments are merged into the message, so none of them keeps a full number.
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_identity_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identity_numbers(record.stack_info)
        return True
