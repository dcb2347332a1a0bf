"""Who may open which page: the classification of every URL pattern (issue #16 §7).

``test_access_matrix.py`` walks the URL configuration and fails on any pattern that is not
in ``MATRIX`` — a new page is classified HERE, in one line, by its URL name:

    "payments-refund": staff(Perm.MANAGE_PAYMENTS, args=dossier_code, method="POST"),

A row's key is the URL name (``ns:name`` inside a namespace); ``ns:*`` classifies a whole
namespace (the Django admin) and ``module:package.`` every view of a third-party package
whose many pages share one rule (e.g. ``"module:allauth.": citizen()``).

Kinds:
- ``public()``: anyone, signed in or not (not refused, never a 500).
- ``signed_in()``: any signed-in person; anonymous → sign-in page.
- ``staff(*perms)``: a person holding one of ``perms`` somewhere (``roles=`` to name the
  roles instead); anonymous → sign-in page; any other role (and a signed-in person
  without a role) → 403/404. With ``args=``, the page is about one object: the object
  in the person's own ward must open, the one in the other ward must not (403/404).
  ``scoped=False`` when the object is the same for every ward.
- ``admin_site()``: the Django admin (every pattern in the ``admin`` namespace): superusers
  only; anonymous → the admin's sign-in.
- ``citizen()`` and ``api()``: reserved for the portal and the API (next sessions).

``args`` is a function of (world, scope) returning the URL kwargs, where scope is
"own" or "other" and the world (``test_access_matrix.world``) holds one of each object
per ward. ``data`` is the POST body (empty by default: a form refused for bad input
still proves the person got past the permission check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from motcua.org.models import Role
from motcua.org.permissions import Perm

PUBLIC, SIGNED_IN, STAFF, ADMIN, CITIZEN, API = (
    "public",
    "signed_in",
    "staff",
    "admin",
    "citizen",
    "api",
)


@dataclass(frozen=True)
class Rule:
    kind: str
    perms: tuple[str, ...] = ()
    roles: frozenset[str] | None = None
    args: Callable | None = None
    method: str = "GET"
    data: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    scoped: bool = True


def public(**kw) -> Rule:
    return Rule(PUBLIC, **kw)


def signed_in(**kw) -> Rule:
    return Rule(SIGNED_IN, **kw)


def staff(*perms: str, **kw) -> Rule:
    return Rule(STAFF, perms=perms, **kw)


def admin_site() -> Rule:
    return Rule(ADMIN)


def citizen(**kw) -> Rule:
    return Rule(CITIZEN, **kw)


def api(**kw) -> Rule:
    return Rule(API, **kw)


# --- Objects a page is about, in the person's own ward or in the other one ---------------


def dossier_code(w, scope):
    return {"code": w[scope].dossier.code}


def dossier_action(w, scope):
    return {"code": w[scope].dossier.code, "action": "forward"}


def dossier_form(w, scope):
    return {"code": w[scope].dossier.code, "number": "01"}


def procedure_code(w, scope):
    return {"code": w[scope].procedure_code}


def person(w, scope):
    return {"pk": w[scope].specialist.pk}


def person_at_unit(w, scope):
    return {"pk": w[scope].specialist.pk, "agency_pk": w[scope].unit.pk}


def unit(w, scope):
    return {"pk": w[scope].unit.pk}


def grant(w, scope):
    return {"pk": w[scope].grant.pk}


def override(w, scope):
    return {"pk": w[scope].override.pk}


def recompute_run(w, scope):
    return {"pk": w[scope].run.pk}


def provider(w, scope):
    return {"provider": "sandbox"}


def version(w, scope):
    return {"version_id": w[scope].version_id}


def version_field(w, scope):
    return {"version_id": w[scope].version_id, "key": "ho_ten"}


def version_slot(w, scope):
    return {"version_id": w[scope].version_id, "document": 1}


def dossier_file(w, scope):
    return {"code": w[scope].dossier.code, "file_id": w[scope].file_id}


def dossier_payment(w, scope):
    return {"code": w[scope].dossier.code, "payment_id": w[scope].payment_id}


def payment(w, scope):
    return {"payment_id": w[scope].payment_id}


def message(w, scope):
    return {"pk": w[scope].message_id}


def reconciliation_run(w, scope):
    return {"pk": w[scope].reconciliation_id}


DOSSIER_READERS = (
    Perm.RECEIVE_DOSSIER,
    Perm.PROCESS_DOSSIER,
    Perm.APPROVE_DOSSIER,
    Perm.VIEW_ALL_DOSSIERS,
)
POST = {"method": "POST"}

MATRIX: dict[str, Rule] = {
    # core
    "home": public(),
    "healthz": public(),
    "favicon": public(),
    # org: sign-in, own account, staff and units
    "login": public(),
    "logout": public(method="POST"),
    "staff-home": staff(Perm.VIEW_DASHBOARD),
    "two-factor-verify": signed_in(),
    "two-factor-setup": signed_in(),
    "two-factor-recovery-codes": signed_in(**POST),
    "two-factor-disable": signed_in(**POST),
    "password-change": signed_in(),
    "notices-read": signed_in(**POST),
    "org-staff-list": staff(Perm.MANAGE_STAFF),
    "org-staff-create": staff(Perm.MANAGE_STAFF),
    "org-staff-detail": staff(Perm.MANAGE_STAFF, args=person),
    "org-staff-roles": staff(Perm.MANAGE_STAFF, args=person_at_unit, **POST),
    "org-staff-add-role": staff(Perm.MANAGE_STAFF, args=person, **POST),
    "org-staff-active": staff(Perm.MANAGE_STAFF, args=person, data={"active": "1"}, **POST),
    "org-staff-password": staff(Perm.MANAGE_STAFF, args=person, **POST),
    "org-grant-list": staff(Perm.MANAGE_STAFF),
    "org-grant-decide": staff(Perm.MANAGE_STAFF, args=grant, **POST),
    "org-unit-list": staff(Perm.MANAGE_UNITS),
    "org-unit-create": staff(Perm.MANAGE_UNITS),
    "org-unit-edit": staff(Perm.MANAGE_UNITS, args=unit),
    # catalog
    "catalog-public-list": public(),
    "catalog-public-detail": public(args=procedure_code),
    "catalog-admin-list": staff(Perm.VIEW_CATALOG_ADMIN),
    "catalog-admin-import": staff(Perm.MANAGE_CATALOG),
    "catalog-admin-export": staff(Perm.VIEW_CATALOG_ADMIN),
    "catalog-admin-template": staff(Perm.VIEW_CATALOG_ADMIN),
    "catalog-admin-notes": staff(Perm.VIEW_CATALOG_ADMIN),
    "catalog-admin-detail": staff(Perm.VIEW_CATALOG_ADMIN, args=procedure_code),
    "catalog-admin-council-fees": staff(Perm.VIEW_CATALOG_ADMIN),
    "catalog-eform": staff(Perm.VIEW_CATALOG_ADMIN, args=version),
    "catalog-eform-level": staff(Perm.MANAGE_CATALOG, args=version, **POST),
    "catalog-eform-field-add": staff(Perm.MANAGE_CATALOG, args=version),
    "catalog-eform-field": staff(Perm.MANAGE_CATALOG, args=version_field),
    "catalog-eform-field-remove": staff(Perm.MANAGE_CATALOG, args=version_field, **POST),
    "catalog-eform-field-move": staff(Perm.MANAGE_CATALOG, args=version_field, **POST),
    "catalog-eform-slot": staff(Perm.MANAGE_CATALOG, args=version_slot),
    # workcal
    "workcal-admin": staff(Perm.MANAGE_CALENDAR),
    "workcal-override-add": staff(Perm.MANAGE_CALENDAR, **POST),
    "workcal-override-remove": staff(Perm.MANAGE_CALENDAR, args=override),
    "workcal-periods": staff(Perm.MANAGE_CALENDAR, **POST),
    # dossiers
    "dossiers-staff-inbox": staff(*DOSSIER_READERS),
    "dossiers-staff-intake": staff(Perm.RECEIVE_DOSSIER),
    "dossiers-staff-intake-form": staff(Perm.RECEIVE_DOSSIER, args=procedure_code),
    "dossiers-staff-detail": staff(*DOSSIER_READERS, args=dossier_code),
    "dossiers-staff-action": staff(
        roles=frozenset({Role.COUNTER_OFFICER}), args=dossier_action, **POST
    ),
    "dossier-form": staff(*DOSSIER_READERS, args=dossier_form),
    "dossier-register": staff(Perm.RECEIVE_DOSSIER, Perm.VIEW_ALL_DOSSIERS),
    "dossier-recompute-list": staff(Perm.MANAGE_CALENDAR),
    "dossier-recompute-detail": staff(Perm.MANAGE_CALENDAR, args=recompute_run),
    "dossier-recompute-progress": staff(Perm.MANAGE_CALENDAR, args=recompute_run),
    "dossiers-online-queue": staff(Perm.RECEIVE_DOSSIER),
    "dossiers-staff-file": staff(*DOSSIER_READERS, args=dossier_file),
    "dossier-access-log": staff(Perm.VIEW_ACCESS_LOG),
    "dossier-lookup": public(),
    # portal (the citizen's side; allauth's account pages are citizens' too)
    "portal-home": public(),
    "portal-profile": citizen(),
    # Hồ sơ của tôi: the citizen's own dossiers (portal/tests/test_my_dossiers.py: own,
    # another citizen 404, anonymous to sign-in, staff 403)
    "portal-my-dossiers": citizen(),
    "portal-my-dossier": citizen(),
    "portal-my-dossier-withdraw": citizen(),
    "portal-my-dossier-delivery": citizen(),
    "portal-my-dossier-supplement": citizen(),
    "portal-my-dossier-file": citizen(),
    "portal-my-dossier-form": citizen(),
    "module:allauth.": citizen(),
    # allauth's old /social/ addresses, unnamed redirects to /3rdparty/
    "<unnamed dich-vu-cong/tai-khoan/social/connections/>": citizen(),
    "<unnamed dich-vu-cong/tai-khoan/social/login/cancelled/>": citizen(),
    "<unnamed dich-vu-cong/tai-khoan/social/login/error/>": citizen(),
    "<unnamed dich-vu-cong/tai-khoan/social/signup/>": citizen(),
    # payments
    "payments-ipn": public(args=provider, scoped=False),
    "payments-return": public(args=provider, scoped=False),
    "payments-page": citizen(),  # a signed link, no sign-in: payments/tests/test_views.py
    "payments-public-receipt": citizen(),  # the same signed link
    "payments-sandbox-gateway": public(),
    "payments-counter": staff(Perm.RECEIVE_DOSSIER, args=dossier_code, **POST),
    "payments-link": staff(Perm.RECEIVE_DOSSIER, args=dossier_code),
    "outbound-payment-link-send": staff(Perm.RECEIVE_DOSSIER, args=dossier_code, **POST),
    "payments-refund": staff(Perm.RECEIVE_DOSSIER, args=dossier_payment),
    "payments-staff-receipt": staff(Perm.RECEIVE_DOSSIER, Perm.VIEW_ALL_DOSSIERS, args=payment),
    "payments-reconciliation": staff(Perm.RECEIVE_DOSSIER),
    "payments-reconciliation-run": staff(Perm.RECEIVE_DOSSIER, args=reconciliation_run),
    # outbound
    "outbound-message-list": staff(Perm.MANAGE_STAFF),
    "outbound-message-detail": staff(Perm.MANAGE_STAFF, args=message),
    "outbound-message-resend": staff(Perm.MANAGE_STAFF, args=message, **POST),
    # indicators
    "indicators-dashboard": staff(Perm.VIEW_INDICATORS),
    "indicators-drilldown": staff(Perm.VIEW_INDICATORS),
    "indicators-export-xlsx": staff(Perm.VIEW_INDICATORS),
    "indicators-report-pdf": staff(Perm.VIEW_INDICATORS),
    "indicators-public": public(),
    "indicators-liveboard": public(),
    # the Django admin, every pattern of its namespace
    "admin:*": admin_site(),
}
