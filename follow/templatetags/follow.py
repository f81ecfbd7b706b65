"""``{% webcal path %}``: the address calendar apps subscribe to for a calendar."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal(context, path: str) -> str:
    """``path`` on this host as a ``webcal:`` address, which a calendar app opens as a
    subscription rather than a download."""
    return f"webcal://{context['request'].get_host()}{path}"
