"""Payment providers (pretix's BasePaymentProvider shape): one class per way of paying,
registered in settings.MOTCUA_PAYMENT_PROVIDERS (code → dotted class path)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PaymentProvider


@cache
def _load(code: str, path: str) -> PaymentProvider:
    return import_string(path)(code)


def get_provider(code: str) -> PaymentProvider | None:
    path = settings.MOTCUA_PAYMENT_PROVIDERS.get(code)
    return _load(code, path) if path else None


def all_providers() -> list[PaymentProvider]:
    return [_load(code, path) for code, path in settings.MOTCUA_PAYMENT_PROVIDERS.items()]


def online_providers() -> list[PaymentProvider]:
    """The enabled providers a citizen may choose on the payment page, in settings order."""
    return [p for p in all_providers() if p.online and p.is_enabled()]


def forget_providers() -> None:
    """Drop the loaded instances (tests that change the settings call it)."""
    _load.cache_clear()
