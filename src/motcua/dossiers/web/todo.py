"""Việc cần làm: the dossier part of the staff home page (org's "Tổng quan").

org may not import dossiers; it renders the panels named in settings.MOTCUA_STAFF_HOME_PANELS.
This one lists the user's inboxes that call for action (mine, overdue, due within one
working day, waiting for papers or for the return) with their counts, and the most urgent
dossiers, from the same inbox queries as the inbox page.
"""

from __future__ import annotations

from django.utils import timezone

from ..selectors import INBOXES, inbox
from . import staff_reads

TODO_INBOXES = ("mine", "overdue", "due_soon", "supplement", "ready")
URGENT_ROWS = 6


def todo_panel(request) -> dict | None:
    user = request.user
    if not staff_reads.sees_dossiers(user):
        return None
    now = timezone.now()
    until = staff_reads.due_soon_until(user, now)
    names = [name for name in TODO_INBOXES if name in staff_reads.inbox_names(user)]
    counts = {name: inbox(user, name, now=now, due_soon_until=until).count() for name in names}
    urgent = []
    for name in ("overdue", "due_soon"):
        rows = inbox(user, name, now=now, due_soon_until=until).select_related("procedure")
        wanted = URGENT_ROWS - len(urgent)
        urgent += [
            (dossier, name == "overdue") for dossier in rows.order_by("due_at", "id")[:wanted]
        ]
        if len(urgent) >= URGENT_ROWS:
            break
    return {
        "template": "dossiers/staff/_todo.html",
        "items": [(name, INBOXES[name], counts[name]) for name in names],
        "urgent": urgent,
    }
