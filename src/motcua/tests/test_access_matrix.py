"""The authorisation matrix as a permanent test (issue #16 §7).

Every URL pattern of the project is walked from the URL configuration and looked up in
``access_matrix.MATRIX`` (one readable table). A pattern missing there fails the suite
with the line to add. Then, for every staff pattern × role × scope (the person's own
ward, the other ward, anonymous), the expected outcome is asserted.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import access_matrix as m

ROLE_PLACES = {  # where each role is held in the person's own ward
    "counter_officer": "center",
    "specialist": "unit_a",
    "unit_head": "unit_a",
    "ward_leader": "ward",
    "reform_monitor": "ward",
    "agency_admin": "ward",
}


def _key(namespace, pattern, route) -> str:
    """The row that classifies a pattern: ``ns:*`` (a whole namespace), ``module:prefix``
    (every view of a third-party package), else ``ns:name`` or the plain name."""
    if namespace and f"{namespace}:*" in m.MATRIX:
        return f"{namespace}:*"
    module = getattr(pattern.callback, "__module__", "") or ""
    for prefix in m.MATRIX:
        if prefix.startswith("module:") and module.startswith(prefix.removeprefix("module:")):
            return prefix
    if not pattern.name:
        return f"<unnamed {route}>"
    return f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_patterns():
    """(key, route, URLPattern) for every pattern of the URL configuration."""

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                yield from walk(
                    pattern.url_patterns,
                    f"{namespace}:{inner}" if namespace and inner else inner or namespace,
                    prefix + str(pattern.pattern),
                )
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                yield _key(namespace, pattern, route), route, pattern

    return list(walk(get_resolver().url_patterns))


def test_every_url_pattern_is_classified():
    missing = sorted({(key, route) for key, route, _ in url_patterns() if key not in m.MATRIX})
    assert not missing, "\n".join(
        ["URL patterns without a row in src/motcua/tests/access_matrix.py (MATRIX):"]
        + [
            f'    "{key}": staff(Perm.…) / public() / signed_in() …,   # /{route}'
            for key, route in missing
        ]
        + ["A pattern needs a name (path(..., name=...)) to be classified."]
    )


def test_every_row_names_a_pattern():
    keys = {key for key, _, _ in url_patterns()}
    stale = sorted(set(m.MATRIX) - keys)
    assert not stale, f"rows in access_matrix.MATRIX for URL names that no longer exist: {stale}"


# --- The world: one of each object in the person's ward ("own") and in the other ------


def _publish(scope, unit, code, name):
    from motcua.catalog.content import DocumentData, VersionData
    from motcua.catalog.models import DeadlineKind
    from motcua.catalog.services import publish_version

    return publish_version(
        actor=None,
        scope=scope,
        data=VersionData(
            code=code,
            name=name,
            sector="Hộ tịch",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.DAYS,
            deadline_amount=3,
            fee_vnd=50_000,
            competent_unit_code=unit.code,
            result_delivery=("counter",),
            documents=(DocumentData("Tờ khai"),),
        ),
    ).version


def _side(org, make_staff, *, ward, unit, center, code, name, tag):
    from django.utils import timezone

    from motcua.catalog import eform_services, eforms
    from motcua.dossiers import inputs, services
    from motcua.dossiers.recompute import start_run
    from motcua.files.tests import samples
    from motcua.org import services as org_services
    from motcua.org.models import GrantStatus, Role, RoleGrant
    from motcua.outbound.models import Message
    from motcua.payments import services as payments
    from motcua.workcal import services as workcal_services

    version = _publish(ward, unit, code, name)
    procedure = version.procedure
    eform_services.add_field(
        actor=None, version=version, field=eforms.FieldDef(key="ho_ten", label="Họ và tên")
    )
    counter = make_staff(center, Role.COUNTER_OFFICER, username=f"quay.{tag}")
    specialist = make_staff(unit, Role.SPECIALIST, username=f"chuyenvien.{tag}")
    requester = make_staff(ward, Role.AGENCY_ADMIN, username=f"quantri.de-nghi.{tag}")
    dossier = services.receive_dossier(
        actor=counter,
        receiving_agency=center,
        procedure=procedure,
        applicant=inputs.Applicant(
            name="Nguyễn Thị Hường",
            id_number="031190001234",
            phone="0912345678",
            address="Số 5 Lạch Tray",
        ),
        at=timezone.now() - dt.timedelta(hours=1),
    )
    org_services.set_staff_roles(
        actor=requester, user=specialist, agency=unit, roles=[Role.SPECIALIST, Role.UNIT_HEAD]
    )
    override = workcal_services.add_override(
        actor=None, agency=ward, date=dt.date(2026, 12, 31), kind="off", reason="Thử"
    )
    now = timezone.now()
    services.attach_files(actor=counter, dossier=dossier, uploads=[samples.pdf()], at=now)
    payment = payments.record_counter_payment(
        actor=counter, dossier=dossier, method="cash", amount_vnd=50_000, receipt_no="BL-1", at=now
    )
    return SimpleNamespace(
        dossier=dossier,
        version_id=version.pk,
        file_id=dossier.files.get().pk,
        payment_id=payment.pk,
        message_id=Message.objects.filter(dossier=dossier).values_list("pk", flat=True).first(),
        reconciliation_id=payments.reconcile(
            actor=counter, provider_code="sandbox", day=now.date(), agency=center
        ).pk,
        procedure_code=procedure.code,
        specialist=specialist,
        unit=unit,
        grant=RoleGrant.objects.get(user=specialist, status=GrantStatus.PENDING),
        override=override,
        run=start_run(agency=ward, reason="Thử"),
    )


@pytest.fixture
def world(org, make_staff):
    own = _side(
        org,
        make_staff,
        ward=org.ward,
        unit=org.unit_a,
        center=org.center,
        code="1.004873",
        name="Cấp Giấy xác nhận tình trạng hôn nhân",
        tag="mot",
    )
    other = _side(
        org,
        make_staff,
        ward=org.other_ward,
        unit=org.other_unit,
        center=org.other_unit,
        code="1.000110",
        name="Thay đổi, cải chính hộ tịch",
        tag="hai",
    )
    people = {
        role: make_staff(getattr(org, place), role, username=f"vaitro.{role}")
        for role, place in ROLE_PLACES.items()
    }
    from motcua.org.models import User

    people["no_role"] = User.objects.create_user("khongvaitro", password="Kiem-Thu#2026")
    return {"own": own, "other": other, "people": people}


# --- Outcomes --------------------------------------------------------------------------


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302, 303) and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    ):
        return "sign-in"
    if status in (403, 404):
        return "refused"
    if status == 405:
        return "wrong method"
    if status >= 500:
        return f"error {status}"
    return "open"


def _request(client, rule, url):
    if rule.method == "POST":
        return client.post(url, rule.data)
    return client.get(url, rule.query)


def _allowed(rule, role: str) -> bool:
    from motcua.org.permissions import ROLE_PERMISSIONS

    if rule.roles is not None:
        return role in rule.roles
    return bool(ROLE_PERMISSIONS.get(role, frozenset()) & set(rule.perms))


def _expected(rule, role: str | None, scope: str) -> str:
    if role is None:
        return "open" if rule.kind == m.PUBLIC else "sign-in"
    if rule.kind in (m.PUBLIC, m.SIGNED_IN):
        return "open"
    if not _allowed(rule, role):
        return "refused"
    if scope == "other" and rule.scoped:
        return "refused"
    return "open"


@pytest.mark.slow
def test_every_page_answers_each_role_in_each_scope_as_classified(world):
    failures = []
    keys = sorted({key for key, _, _ in url_patterns() if not key.endswith(":*")})
    for key in keys:
        rule = m.MATRIX.get(key)
        if rule is None:  # test_every_url_pattern_is_classified says where to add it
            continue
        if rule.kind in (m.CITIZEN, m.API, m.ADMIN) or key.startswith("module:"):
            continue  # the portal / API sessions test theirs; the admin has its own test
        scopes = ("own", "other") if rule.args else ("own",)
        cases = [(None, "own")] + [
            (role, scope) for role in [*ROLE_PLACES, "no_role"] for scope in scopes
        ]
        for role, scope in cases:
            client = Client(raise_request_exception=False)
            if role is not None:
                client.force_login(world["people"][role])
            kwargs = rule.args(world, scope) if rule.args else {}
            url = reverse(key, kwargs=kwargs)
            got = _outcome(_request(client, rule, url))
            want = _expected(rule, role, scope)
            if got != want:
                failures.append(
                    f"{rule.method} {url} [{key}] as {role or 'anonymous'} ({scope} ward): "
                    f"expected {want}, got {got}"
                )
    assert not failures, "\n".join(failures)


def test_the_django_admin_is_for_superusers_only(world, superuser_client):
    if not settings.MOTCUA_ADMIN_ENABLED:
        pytest.skip("the admin is off")
    index = reverse("admin:index")
    staff_client = Client()
    staff_client.force_login(world["people"]["agency_admin"])
    for client in (Client(), staff_client):
        for key, route, pattern in url_patterns():
            if key != "admin:*" or pattern.pattern.converters or "(?P" in route:
                continue
            if route.endswith(("login/", "logout/")):  # the admin's own sign-in, open to all
                continue
            response = client.get("/" + route)
            assert response.status_code == 302, route
            assert response["Location"].startswith(index) or "login" in response["Location"]
    assert superuser_client.get(index).status_code == 200


@pytest.fixture
def superuser_client(db):
    from motcua.org.models import User

    client = Client()
    client.force_login(User.objects.create_superuser("sieu", "", "Kiem-Thu#2026"))
    return client
