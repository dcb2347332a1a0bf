"""Counts the staff menu shows next to "Hồ sơ" (motcua.web.navigation imports this)."""

from __future__ import annotations

from .online_queue import queue_count
from .staff_reads import menu_count, sees_dossiers

__all__ = ["open_in_my_inbox", "queue_count"]


def open_in_my_inbox(request) -> int | None:
    """Open dossiers in the user's default inbox (their own, or their unit's)."""
    if not sees_dossiers(request.user):
        return None
    return menu_count(request.user)
