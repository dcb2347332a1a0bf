"""Text of the catalogue as a citizen (and the counter) should read it."""

from django import template

from motcua.catalog import curation

register = template.Library()


@register.filter
def citizen_text(value: str) -> str:
    """A note without the catalogue editors' tags and remarks (catalog.curation)."""
    return curation.citizen_text(value)
