"""``event_recorded``: how higher apps (the outbox) learn of a new timeline event.

Sent by ``services.record_event`` — the one place a ``DossierEvent`` row is created —
INSIDE the transaction that writes the event, right after the row is inserted. Receivers
must write only rows of their own (e.g. outbox messages) in that same transaction, so
that the event and what it causes commit or roll back together; never call out to the
network from a receiver. Keyword arguments:

``event``
    the new ``DossierEvent`` (its ``dossier`` attribute is the locked, updated dossier);
``dossier``
    the same ``Dossier``, with the cached columns as the service will save them.

A receiver that raises aborts the whole action (the event is not written): that is the
point of writing in the same transaction. Connect from an app's ``AppConfig.ready``.
"""

from __future__ import annotations

from django.dispatch import Signal

event_recorded = Signal()
