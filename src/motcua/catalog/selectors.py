"""Reads of the procedure catalogue shared by the public pages, staff pages and exports.

Public reads show what is in force today; staff reads are scoped with
``agencies_where``: a staff member sees the versions of the wards they work in and of
the provinces above them (a province-wide version applies to its wards).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from motcua.org.models import Agency, AgencyKind
from motcua.org.permissions import Perm, agencies_where

from . import fees
from .eforms import ADDRESS_WARD, FieldType, answer_keys, fields_from_json
from .models import CouncilFee, EForm, OnlineLevelDecision, Procedure, ProcedureVersion, Sector
from .search import normalize_search, search_tokens


def as_local_date(at: dt.date | dt.datetime | None) -> dt.date:
    """A moment or a date → the calendar date in Asia/Ho_Chi_Minh (today when None)."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, dt.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


def scope_chain(agency: Agency) -> list[int]:
    """Scopes that apply at ``agency``, most specific first: its ward, then its province."""
    chain = []
    ward = agency.ward_or_self
    if ward is not None:
        chain.append(ward.pk)
    province = agency.province_or_self
    if province is not None:
        chain.append(province.pk)
    return chain


def version_in_force(
    procedure: Procedure, agency: Agency, at: dt.date | dt.datetime | None = None
) -> ProcedureVersion | None:
    """The version a dossier received at ``agency`` on ``at`` must keep.

    A version for the agency's ward beats the province-wide one; ``valid_to`` counts
    as the last day of validity.
    """
    chain = scope_chain(agency)
    candidates = {
        version.scope_id: version
        for version in ProcedureVersion.objects.in_force(as_local_date(at))
        .filter(procedure=procedure, scope_id__in=chain)
        .select_related("procedure", "scope", "competent_unit")
        .order_by()  # picked by scope below: the default ordering's joins and sort cost 0.7 ms
    }
    return next((candidates[scope] for scope in chain if scope in candidates), None)


def filter_by_text(queryset: QuerySet, query: str, prefix: str = "") -> QuerySet:
    """Every word of the query (without diacritics) must appear in the search text."""
    for token in search_tokens(query):
        queryset = queryset.filter(**{f"{prefix}search_text__contains": token})
    return queryset


# --- Public catalogue -----------------------------------------------------------------------


def _public_versions(at: dt.date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.in_force(at).filter(procedure__is_active=True)


def public_procedures(
    *,
    query: str = "",
    sector: Sector | None = None,
    online_level: str = "",
    at: dt.date | None = None,
) -> QuerySet[Procedure]:
    """Procedures with a version in force today, searched and filtered for citizens."""
    versions = _public_versions(as_local_date(at)).filter(procedure=OuterRef("pk"))
    if online_level:
        versions = versions.filter(online_level=online_level)
    procedures = Procedure.objects.filter(Exists(versions)).select_related("sector")
    if sector is not None:
        procedures = procedures.filter(sector=sector)
    if not query.strip():
        return procedures.order_by("sector__name", "name")
    phrase = normalize_search(query)
    return filter_by_text(procedures, query).order_by(
        Case(
            When(search_text__contains=phrase, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        Length("name"),
        "name",
    )


def public_sectors(at: dt.date | None = None) -> QuerySet[Sector]:
    """Sectors that have at least one procedure in force (for the filter list)."""
    versions = _public_versions(as_local_date(at)).filter(procedure__sector=OuterRef("pk"))
    return Sector.objects.filter(Exists(versions)).order_by("name")


def public_versions(procedure: Procedure, at: dt.date | None = None) -> list[ProcedureVersion]:
    """Versions of one procedure in force today, one per scope (a ward may differ)."""
    return list(
        _public_versions(as_local_date(at))
        .filter(procedure=procedure)
        .select_related("scope", "competent_unit", "procedure__sector")
        .prefetch_related("documents")
        .order_by("scope__code")
    )


def versions_for_listing(
    procedures: list[Procedure], at: dt.date | None = None
) -> dict[int, ProcedureVersion]:
    """One version in force per procedure of a result page (the first scope by code)."""
    chosen: dict[int, ProcedureVersion] = {}
    versions = (
        _public_versions(as_local_date(at))
        .filter(procedure__in=procedures)
        .select_related("scope")
        .order_by("procedure_id", "scope__code")
    )
    for version in versions:
        chosen.setdefault(version.procedure_id, version)
    return chosen


def public_procedure(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code, is_active=True).select_related("sector").first()


# --- Staff side -----------------------------------------------------------------------------


def visible_scopes(user) -> QuerySet[Agency]:
    """Scopes whose versions ``user`` may read: their wards and the provinces above them."""
    agencies = agencies_where(user, Perm.VIEW_CATALOG_ADMIN)
    return Agency.objects.filter(
        Q(id__in=agencies.values("id"))
        | Q(id__in=agencies.values("ward_id"))
        | Q(id__in=agencies.values("province_id")),
        kind__in=[AgencyKind.PROVINCE, AgencyKind.WARD],
    )


def manageable_scopes(user) -> QuerySet[Agency]:
    """Provinces and wards whose catalogue ``user`` may change (Perm.MANAGE_CATALOG)."""
    return (
        agencies_where(user, Perm.MANAGE_CATALOG)
        .filter(kind__in=[AgencyKind.PROVINCE, AgencyKind.WARD])
        .order_by("code")
    )


def staff_versions(user) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(scope__in=visible_scopes(user)).select_related(
        "procedure__sector", "scope", "competent_unit"
    )


def staff_current_versions(
    user,
    *,
    query: str = "",
    sector: Sector | None = None,
    scope: Agency | None = None,
    caveats_only: bool = False,
    at: dt.date | None = None,
) -> QuerySet[ProcedureVersion]:
    """The staff catalogue list: versions in force today in the user's scopes."""
    versions = staff_versions(user).in_force(as_local_date(at))
    versions = filter_by_text(versions, query, prefix="procedure__")
    if sector is not None:
        versions = versions.filter(procedure__sector=sector)
    if scope is not None:
        versions = versions.filter(scope=scope)
    if caveats_only:
        versions = versions.exclude(caveats="")
    return versions.order_by("procedure__code", "scope__code")


@dataclass(frozen=True)
class CatalogCounts:
    procedures: int
    versions: int
    with_caveats: int
    provisional_deadlines: int
    online_full: int
    online_partial: int


def staff_counts(user, at: dt.date | None = None) -> CatalogCounts:
    """Totals shown above the staff list (over versions in force today)."""
    totals = (
        staff_versions(user)
        .in_force(as_local_date(at))
        .aggregate(
            procedures=Count("procedure", distinct=True),
            versions=Count("id"),
            with_caveats=Count("id", filter=~Q(caveats="")),
            provisional_deadlines=Count("id", filter=Q(deadline_provisional=True)),
            online_full=Count("id", filter=Q(online_level="full")),
            online_partial=Count("id", filter=Q(online_level="partial")),
        )
    )
    return CatalogCounts(**totals)


def staff_procedure(user, code: str) -> tuple[Procedure | None, list[ProcedureVersion]]:
    """A procedure and all its versions (history included) in the user's scopes."""
    procedure = Procedure.objects.filter(code=code).select_related("sector").first()
    if procedure is None:
        return None, []
    versions = list(
        staff_versions(user)
        .filter(procedure=procedure)
        .select_related("created_by")
        .prefetch_related("documents")
        .order_by("scope__code", "-valid_from")
    )
    return procedure, versions


def export_versions(
    user, *, scope: Agency | None = None, include_history: bool = False
) -> QuerySet[ProcedureVersion]:
    """Versions to write into an Excel export, in the order a re-import needs."""
    versions = staff_versions(user)
    if scope is not None:
        versions = versions.filter(scope=scope)
    if not include_history:  # in force today and the ones already scheduled after it
        today = as_local_date(None)
        versions = versions.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return versions.prefetch_related("documents").order_by(
        "scope__code", "procedure__code", "valid_from"
    )


def default_export_scope(user) -> Agency | None:
    """The scope an export without a choice covers: the user's ward before a province."""
    return (
        visible_scopes(user)
        .filter(Exists(ProcedureVersion.objects.filter(scope=OuterRef("pk"))))
        .order_by(
            Case(
                When(kind=AgencyKind.WARD, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "code",
        )
        .first()
    )


# --- Online submission (catalog.eforms) -----------------------------------------------------

ONLINE_LEVELS = ("full", "partial")


def online_versions(
    agency: Agency, at: dt.date | dt.datetime | None = None
) -> list[ProcedureVersion]:
    """Versions a citizen can submit online at ``agency`` on ``at``: per active procedure
    the version in force there (the ward's beats the province's, as version_in_force),
    kept when its online level is toàn trình or một phần. Sorted by procedure code."""
    chain = scope_chain(agency)
    rank = {scope: index for index, scope in enumerate(chain)}
    best: dict[int, ProcedureVersion] = {}
    versions = (
        ProcedureVersion.objects.in_force(as_local_date(at))
        .filter(scope_id__in=chain, procedure__is_active=True)
        .select_related("procedure__sector", "scope")
        .order_by()
    )
    for version in versions:
        kept = best.get(version.procedure_id)
        if kept is None or rank[version.scope_id] < rank[kept.scope_id]:
            best[version.procedure_id] = version
    chosen = [v for v in best.values() if v.online_level in ONLINE_LEVELS]
    return sorted(chosen, key=lambda v: v.procedure.code)


def can_submit_online(version: ProcedureVersion) -> bool:
    return version.online_level in ONLINE_LEVELS


def province_wards(agency: Agency) -> dict[str, str]:
    """The wards of ``agency``'s province, code → name, for an e-form's address question."""
    province = agency.province_or_self
    if province is None:
        return {}
    wards = Agency.objects.filter(kind=AgencyKind.WARD, province=province).order_by("name")
    return {ward.code: ward.name for ward in wards}


def staff_version(user, version_id: int) -> ProcedureVersion | None:
    """One version in the user's catalogue scopes (None = not theirs, or no such version)."""
    return (
        staff_versions(user)
        .filter(pk=version_id)
        .prefetch_related("documents", "online_decisions__decided_by")
        .first()
    )


def online_level_on(day: dt.date):
    """An expression for ProcedureVersion querysets: the online level the version had at
    the end of ``day`` (Asia/Ho_Chi_Minh), from its decisions (OnlineLevelDecision): the
    last one decided by then, else the first one's (the version was recorded after that
    day), else — no decision at all — its current level. Indicators annotate with it so
    that a later decision does not rewrite a past period."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    decisions = OnlineLevelDecision.objects.filter(version=OuterRef("pk"))
    last = decisions.filter(decided_at__lt=end).order_by("-decided_at", "-id").values("level")
    first = decisions.order_by("decided_at", "id").values("level")
    return Coalesce(Subquery(last[:1]), Subquery(first[:1]), F("online_level"))


def online_levels_on(version_ids, day: dt.date) -> dict[int, str]:
    """{version id: the online level it had at the end of ``day``} (online_level_on)."""
    return dict(
        ProcedureVersion.objects.filter(pk__in=list(version_ids))
        .annotate(level_then=online_level_on(day))
        .values_list("pk", "level_then")
    )


# --- Fees ------------------------------------------------------------------------------------


def council_rates(agency: Agency, at: dt.date | dt.datetime | None = None) -> dict:
    """The amounts set by the provincial council for ``agency``'s province on ``at``:
    key → fees.CouncilRate (the newest in force per key)."""
    province = agency.province_or_self
    if province is None:
        return {}
    day = as_local_date(at)
    rows = (
        CouncilFee.objects.filter(province=province, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("key", "-valid_from")
    )
    rates: dict = {}
    for row in rows:
        rates.setdefault(row.key, row.as_rate())
    return rates


def visible_council_fees(user) -> QuerySet[CouncilFee]:
    """The council amounts of the provinces whose catalogue ``user`` reads, newest first."""
    provinces = visible_scopes(user).filter(kind=AgencyKind.PROVINCE)
    return (
        CouncilFee.objects.filter(province__in=provinces)
        .select_related("province")
        .order_by("province__code", "key", "-valid_from")
    )


def fee_quote(version: ProcedureVersion, inputs: fees.FeeInputs, *, at=None) -> fees.Quote:
    """The fee of a dossier of ``version`` with ``inputs`` on ``at``: the one function the
    counter's intake, its preview and the portal call (catalog.fees.quote with the
    province's council amounts). Raises fees.FeeRuleError on inputs the rule refuses
    (``fees.input_errors`` names them)."""
    rule = version.fee_schedule
    needs_council = any(item.council_key for item in rule.items)
    council = council_rates(version.scope, at) if needs_council else {}
    return fees.quote(rule, inputs, council)


def answer_labels(version_id: int) -> dict[str, str]:
    """The questions' labels of a version's e-form by answer key (an address's two keys
    each named), for pages that show what an applicant declared online. One query."""
    stored = EForm.objects.filter(version_id=version_id).values_list("fields", flat=True).first()
    labels = {}
    for f in fields_from_json(stored or ()):
        for key in answer_keys(f):
            part = ""
            if f.type == FieldType.ADDRESS:
                part = (
                    " (xã, phường)" if key == ADDRESS_WARD.format(key=f.key) else " (số nhà, đường)"
                )
            labels[key] = f.label + part
    return labels
