"""`@not_a_report`: keep a page of a report app (a form, a confirmation) out of the usage count."""

from __future__ import annotations

from collections.abc import Callable

EXEMPT_ATTRIBUTE = "usage_not_a_report"


def not_a_report(view: Callable) -> Callable:
    """Mark `view` so the usage middleware does not count it, though its app is a report app."""
    setattr(view, EXEMPT_ATTRIBUTE, True)
    return view
