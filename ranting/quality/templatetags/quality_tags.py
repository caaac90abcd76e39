"""Template helpers of the data-quality pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_cell(cells: dict, code: str):
    """cells|get_cell:"who_flags" → that metric's Cell, or None when the row has none."""
    return cells.get(code)
