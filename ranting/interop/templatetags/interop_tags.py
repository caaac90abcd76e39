from django import template

from ranting.interop.access import can_export

register = template.Library()


@register.simple_tag(takes_context=True)
def fhir_export_allowed(context, child) -> bool:
    """Whether the signed-in user may download this child's FHIR bundle."""
    return can_export(context["request"].user, child)
