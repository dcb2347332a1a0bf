"""Liên kết thanh toán: a signed link per dossier that opens its payment page without
signing in (the citizen portal comes later). The token carries the dossier's id and a
signature with SECRET_KEY (salted for this use), so it cannot be made from the dossier
code; it expires after MOTCUA_PAYMENT_LINK_DAYS days."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from motcua.dossiers.models import Dossier

SALT = "motcua.payments.link"


def make_token(dossier: Dossier) -> str:
    return signing.dumps({"d": dossier.pk}, salt=SALT, compress=False)


def dossier_from_token(token: str) -> Dossier | None:
    max_age = settings.MOTCUA_PAYMENT_LINK_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    pk = data.get("d") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return (
        Dossier.objects.select_related("procedure", "receiving_agency", "ward")
        .filter(pk=pk)
        .first()
    )


def payment_path(dossier: Dossier) -> str:
    return reverse("payments-page", args=[make_token(dossier)])


def payment_url(dossier: Dossier) -> str:
    return settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/") + payment_path(dossier)
