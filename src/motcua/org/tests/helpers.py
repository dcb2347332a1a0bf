"""Small readers of rendered pages shared by the view tests."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages


def field_error(response, field_id: str) -> str:
    """The error text shown right under the field ``field_id`` ('' when none)."""
    html = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="{field_id}-error"[^>]*>(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else ""


def messages_of(response) -> list[str]:
    """The flash messages queued for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]
