"""What payments tells higher apps without importing them (the outbox tells the citizen).

- ``payment_confirmed(sender, payment, receipt)``: a payment was confirmed (gateway
  notification, gateway query or the counter) and got its receipt. Sent inside the
  transaction that confirmed it, once per payment (``receipts.issue_receipt``).
"""

from django.dispatch import Signal

payment_confirmed = Signal()
