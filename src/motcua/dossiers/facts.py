"""What a dossier row means in time, as query expressions: open, within time, late, open
past due, finished, finished on time or late.

The clock (clock.py) decides these for one dossier; the services cache its results on the
row in the same transaction as the event (status, finished_at, outcome, legal_due_at,
due_at, paused_at, remaining_seconds). These conditions read only those columns, so the
staff inbox, the dossier lists and every indicator (indicators/measures.py) count with
one meaning. docs/dossiers.md ("What a row means") states each in words.

A ``moment`` is an aware datetime or an expression such as ``F("finished_at")``.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q

from .models import DossierFile, Outcome, Status


def open_at(moment) -> Q:
    """Đang giải quyết at ``moment``: validly received before it and not finished (a
    result, a stop or a withdrawal) by then."""
    return Q(received_at__lt=moment) & (Q(finished_at__isnull=True) | Q(finished_at__gte=moment))


def within_time(moment) -> Q:
    """Trong hạn at ``moment``: the legal due moment not passed (the due moment itself is
    still on time, as in clock.outcome_at), or the clock stopped at or before ``moment``
    with working time left: it does not run while the applicant owes something."""
    return Q(legal_due_at__gte=moment) | Q(
        paused_at__isnull=False, paused_at__lte=moment, remaining_seconds__gte=0
    )


def late(moment) -> Q:
    """Quá hạn at ``moment``: not within time (a dossier paused after its legal due
    passed stays late)."""
    return ~within_time(moment)


def open_past_due(moment) -> Q:
    """Đang quá hạn at ``moment``: open then and late then — an open dossier past its due
    moment is late. One rule for the staff inbox, the indicators' "đang quá hạn" now and
    "quá hạn cuối kỳ", and the 766 progress item's carried-over late dossiers.

    The due moment is the legal one: an extension (Mẫu 04) promises the applicant a new
    appointment but does not make a late dossier on time (issue #9 §3, §5). A dossier
    paused after its legal due passed stays counted (it was late when it paused); one
    paused in time is not (its clock does not run while the applicant owes something)."""
    return open_at(moment) & late(moment)


def finished() -> Q:
    """Đã giải quyết: ended with a result or a stop; a withdrawal resolves nothing."""
    return Q(finished_at__isnull=False) & ~Q(status=Status.WITHDRAWN)


def finished_on_time() -> Q:
    """Giải quyết trước hạn, đúng hạn: the outcome fixed with the result (early or on
    time), or — for a stopped dossier, which has no outcome — stopped while within time."""
    stopped_in_time = Q(status=Status.STOPPED) & within_time(F("finished_at"))
    return Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME]) | stopped_in_time


def finished_early() -> Q:
    return Q(outcome=Outcome.EARLY)


def finished_late() -> Q:
    """Giải quyết quá hạn: finished, and not on time."""
    return finished() & ~finished_on_time()


def as_flag(condition: Q) -> ExpressionWrapper:
    """A condition as a boolean column, to annotate rows with what they count as."""
    return ExpressionWrapper(condition, output_field=BooleanField())


def has_files(kinds) -> Q:
    """At least one attached file (DossierFile) of one of ``kinds``: a real file, counted
    by an EXISTS on (dossier, kind), so a dossier with ten scans counts once."""
    return Q(Exists(DossierFile.objects.filter(dossier=OuterRef("pk"), kind__in=list(kinds))))


def digitised() -> Q:
    """Thành phần hồ sơ được số hóa: a scan, an online upload or a supplement is attached.

    Read from the row's cache (``Dossier.digitised``, set only by services._attach in the
    transaction that attaches the file); ``has_files(COMPONENT_FILE_KINDS)`` is the same
    set, asked of the files themselves (a test holds them equal). The cache, not the
    EXISTS, because PostgreSQL answers the EXISTS inside the scorecard's aggregate with a
    hashed scan of every file of the province (docs/performance.md, "Uploads")."""
    return Q(digitised=True)


def has_electronic_result() -> Q:
    """Có kết quả điện tử: the result itself is attached as a file (cache as above;
    ``has_files([FileKind.ELECTRONIC_RESULT])`` is the same set)."""
    return Q(electronic_result=True)
