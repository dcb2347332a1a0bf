"""``calendar_changed``: the hook for recomputing due dates of open dossiers.

Sent once per change, after the transaction commits (never for a change that
was rolled back), by every service in services.py. Keyword arguments:

``agency``
    the Agency whose calendar changed: the calendars of it and of everything
    below it (``Agency.objects.subtree_of([agency.pk])``) are affected;
``date_from``, ``date_to``
    the affected dates, inclusive (both the override's date), or ``None`` for
    an open end (a change of working hours affects every date);
``change``
    ``"override_added"``, ``"override_removed"`` or ``"periods_changed"``;
``reason``
    for the recomputation's record: the override's reason (the announcement it
    cites), or the agency and its new working hours;
``actor``
    the user who made the change (``None`` for a system import).

A dossier is affected when it is open, belongs to that subtree and its clock
runs across the range (received on or before ``date_to`` and due on or after
``date_from``). Register a handler from an app's ``AppConfig.ready``::

    from motcua.workcal.signals import register_recompute_handler

    @register_recompute_handler
    def recompute_due_dates(*, agency, date_from, date_to, change, reason, actor, **kwargs):
        ...  # e.g. enqueue a job that re-derives each affected dossier's due date

Handlers run through ``send_robust``: one that fails is logged and does not
undo the (already committed) calendar change, so do heavy work in a job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.dispatch import Signal

logger = logging.getLogger(__name__)

calendar_changed = Signal()


def register_recompute_handler(handler: Callable) -> Callable:
    """Connect ``handler`` to ``calendar_changed`` (strongly, once); usable as a decorator."""
    calendar_changed.connect(
        handler, weak=False, dispatch_uid=f"{handler.__module__}.{handler.__qualname__}"
    )
    return handler


def announce(*, sender, **kwargs) -> None:
    """Send ``calendar_changed``; a failing handler is logged, never raised to the user."""
    for receiver, result in calendar_changed.send_robust(sender=sender, **kwargs):
        if isinstance(result, Exception):
            logger.error("calendar_changed handler %r failed", receiver, exc_info=result)
