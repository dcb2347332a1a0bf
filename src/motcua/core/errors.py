"""Domain errors: one exception type with a stable code and a Vietnamese message.

Services raise it when a business rule refuses an action; views show the
message next to the field (``field``) or at the top of the form, the API
returns the code with a 4xx. Nothing that raised it has written anything:
services run inside ``transaction.atomic``.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused action. ``code`` is stable (API clients and tests rely on it)."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, **params):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.params = params

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class PermissionDeniedError(DomainError):
    """The acting user may not do this here."""

    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", **kw):
        super().__init__("permission_denied", message, **kw)


class NotFoundError(DomainError):
    status = 404

    def __init__(self, message: str = "Không tìm thấy dữ liệu.", **kw):
        super().__init__("not_found", message, **kw)


def add_to_form(form, error: DomainError) -> None:
    """Attach a domain error to a Django form: next to its field, or at the top."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)
