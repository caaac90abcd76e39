"""Template tags that print identity numbers only as far as the reader may see them."""

from __future__ import annotations

from django import template

from ranting.children import privacy

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_nik(context, child, field: str = "nik") -> str:
    """`{% shown_nik child %}` / `{% shown_nik child "no_kk" %}`: full or masked for the reader."""
    if field not in privacy.IDENTITY_FIELDS:
        raise template.TemplateSyntaxError(f"shown_nik: unknown field {field!r}")
    value = getattr(child, field) or ""
    full = privacy.sees_full_nik(context["request"].user, child.posyandu)
    return privacy.shown(value, full)


@register.filter
def masked_nik(value: str) -> str:
    """`{{ value|masked_nik }}`: always masked (lists read by people who need no full number)."""
    return privacy.masked(value or "")
