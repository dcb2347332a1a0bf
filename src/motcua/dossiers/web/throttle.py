"""Rate limits of the public dossier lookup (tra cứu hồ sơ), on ``motcua.core.ratelimit``.

- lookups per client address (default 30 per 10 minutes), so codes cannot be enumerated;
- wrong phone-digit checks per dossier code *and* client address (default 5 per hour),
  so the four digits that unlock the applicant's initials cannot be guessed in 10,000
  tries, while an attacker who types wrong digits locks out only himself, never the
  citizen checking her own dossier from her phone (issue #16 §4). Guessing from many
  addresses still needs about 2,000 address-hours, and each address is also held to the
  lookup limit above; the digits unlock the initials only, never the name.
"""

from __future__ import annotations

from motcua.core.ratelimit import Limit, client_ip, rate_setting

__all__ = ["Limit", "client_ip", "lookup_limit", "phone_check_key", "phone_check_limit"]


def lookup_limit() -> Limit:
    """Lookups per client address: settings.MOTCUA_LOOKUP_RATE = (hits, seconds)."""
    return Limit("lookup", *rate_setting("MOTCUA_LOOKUP_RATE", (30, 600)))


def phone_check_limit() -> Limit:
    """Wrong phone digits per dossier code and address: settings.MOTCUA_LOOKUP_PHONE_RATE."""
    return Limit("lookup-phone", *rate_setting("MOTCUA_LOOKUP_PHONE_RATE", (5, 3600)))


def phone_check_key(code: str, request) -> str:
    """What wrong phone digits are counted by: the dossier code and who asks."""
    return f"{code}|{client_ip(request)}"
