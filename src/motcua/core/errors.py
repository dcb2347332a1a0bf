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
    """Attach a domain error (or each of DomainErrors) to a Django form: next to its field,
    or at the top. A field the form already marked keeps its own message only."""
    for one in getattr(error, "errors", [error]):
        field = one.field if one.field in getattr(form, "fields", {}) else None
        if field is not None and field in form.errors:
            continue
        form.add_error(field, one.message)


class DomainErrors(DomainError):
    """Several refused fields at once, so that a form shows every error on one submit."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, " ".join(e.message for e in errors), field=first.field)
        self.errors = list(errors)


class ErrorCollector:
    """Run every check, keep each refusal, raise them together at the end.

    ``value = collector.run(check, *args)`` returns the check's result, or ``default`` when
    it raised a DomainError (kept for ``raise_any``)."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def run(self, check, *args, default=None, **kwargs):
        try:
            return check(*args, **kwargs)
        except DomainErrors as several:
            self.errors.extend(several.errors)
        except DomainError as error:
            self.errors.append(error)
        return default

    def add(self, error: DomainError) -> None:
        """Keep a refusal found without running a check (an ``if`` in the caller)."""
        self.errors.append(error)

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
