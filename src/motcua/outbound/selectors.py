"""Scoped reads of the outbox: an agency's admin sees the messages of his agencies; the
messages of no agency are the superuser's."""

from __future__ import annotations

from django.db.models import Q

from motcua.org.permissions import Perm, agencies_where

from .models import Message


def visible_messages(user):
    agencies = agencies_where(user, Perm.MANAGE_STAFF)
    scope = Q(agency__in=agencies)
    if getattr(user, "is_superuser", False):
        scope |= Q(agency__isnull=True)
    return Message.objects.filter(scope)


def may_see_outbox(user) -> bool:
    return getattr(user, "is_superuser", False) or agencies_where(user, Perm.MANAGE_STAFF).exists()
