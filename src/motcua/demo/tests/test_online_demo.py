"""Demo online dossiers (issue #11 §8): every state, several waiting in the counter's online
queue with one past its checking limit, written through the services, idempotent."""

from collections import Counter

import pytest
from django.utils import timezone

from motcua.demo import catalogue, citizens, online, organisation
from motcua.dossiers import online as checking
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.dossiers.selectors import online_queue
from motcua.org.models import AccountKind, User

pytestmark = pytest.mark.django_db


def test_online_demo_dossiers_in_every_state():
    organisation.load()
    catalogue.load()
    citizens.load()
    now = timezone.now()
    written = online.load(now=now)
    dossiers = Dossier.objects.filter(submitted_by__isnull=False)
    assert written == dossiers.count() >= 14
    assert set(dossiers.values_list("channel", flat=True)) == {Channel.ONLINE}
    statuses = Counter(dossiers.values_list("status", flat=True))
    for status in (
        Status.NEW,
        Status.RECEIVED,
        Status.NOT_RECEIVED,
        Status.PROCESSING,
        Status.SUPPLEMENT_REQUESTED,
        Status.WITHDRAWN,
        Status.DONE,
        Status.RETURNED,
    ):
        assert statuses[status], status
    assert statuses[Status.NEW] >= 4
    # Asked to complete before the receipt, and asked by the unit after it.
    asked = dossiers.filter(status=Status.SUPPLEMENT_REQUESTED)
    assert asked.filter(received_at__isnull=True).exists()
    assert asked.filter(received_at__isnull=False).exists()
    # The counter officer's queue: oldest first, at least one past its checking limit.
    officer = User.objects.get(username="motcua.hoabinh")
    queue = list(online_queue(officer).select_related("receiving_agency"))
    assert len(queue) == statuses[Status.NEW]
    overdue = [d for d in queue if checking.check_due(d.receiving_agency, d.queued_at) < now]
    assert overdue and len(overdue) < len(queue)
    assert [d.queued_at for d in queue] == sorted(d.queued_at for d in queue)
    assert all(d.queued_at <= now for d in queue)
    # Nothing before now, nothing twice.
    assert not dossiers.filter(events__at__gt=now).exists()
    assert online.load(now=now) == 0
    assert Dossier.objects.filter(submitted_by__isnull=False).count() == written
    # Submitted by the demo portal accounts: citizens and an organisation, never staff.
    submitters = User.objects.filter(submitted_dossiers__isnull=False).distinct()
    assert {u.kind for u in submitters} <= {AccountKind.CITIZEN, AccountKind.ORGANISATION}
