"""Text of the catalogue as a citizen should read it."""

import re

from django import template

register = template.Library()

# Reviewer's tags from the source data (procedures-notes.md): meant for staff, not citizens.
REVIEW_TAG = re.compile(
    r"\s*\[(?:uncertain|suy luận[^\]]*|mức độ chưa xác định)\]:?\s*", re.IGNORECASE
)


@register.filter
def citizen_text(value: str) -> str:
    """Drop the data reviewers' tags ([uncertain], [suy luận: …]) from a note."""
    return REVIEW_TAG.sub(" ", value or "").strip()
