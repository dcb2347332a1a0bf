"""The interface every channel implements."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Channel:
    """One notification channel. Subclasses set ``send``; options come from settings."""

    #: "email" or "phone": which address of the recipient the channel uses.
    address_kind = "phone"

    def __init__(self, code: str, options: dict):
        self.code = code
        self.options = options
        self.address_kind = options.get("ADDRESS") or ("email" if code == "email" else "phone")

    def address(self, *, email: str = "", phone: str = "") -> str:
        """The recipient's address on this channel ('' when the recipient has none)."""
        return (email if self.address_kind == "email" else phone).strip()

    def send(self, message) -> str:  # pragma: no cover - interface
        raise NotImplementedError


def post_json(url: str, payload: dict, *, headers: dict, timeout: float) -> dict:
    """POST ``payload`` as JSON; the answer's JSON (or {}). Raises DeliveryError: a 4xx
    other than 408/429 is permanent (the gateway refused this message), anything else
    (5xx, timeout, connection refused) is retried."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
        detail = exc.read(500).decode("utf-8", "replace")
        raise DeliveryError(f"HTTP {exc.code}: {detail}", permanent=permanent) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"Không kết nối được: {exc}") from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}
