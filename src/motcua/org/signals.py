"""What org tells higher apps without importing them (the outbox delivers notices).

- ``role_granted(sender, assignment, event)``: a role took effect (directly or on approval).
- ``role_revoked(sender, user, agency, role, event)``.
- ``notice_created(sender, notice)``: a person has something to be told (``org.Notice``);
  sent inside the transaction that wrote it: the outbox (``outbound.staff``) writes its
  e-mail row there, so a rolled-back notice sends nothing.
"""

from django.dispatch import Signal

role_granted = Signal()
role_revoked = Signal()
notice_created = Signal()
