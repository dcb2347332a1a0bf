"""What a service is given: the applicant, the documents received, the documents missing.

Plain values checked by the services (``Applicant.validated``); the intake form and the
demo build them, the services store them on the dossier row or in an event.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.core.citizen_id import validate_citizen_id
from motcua.core.errors import DomainError, ErrorCollector
from motcua.core.phone import normalise_phone

from .events import RequestedDocument
from .models import ApplicantKind


@dataclass(frozen=True)
class Applicant:
    """Người nộp hồ sơ: a person (12-digit citizen ID) or an organisation."""

    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    org_code: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def validated(self) -> Applicant:
        """The applicant normalised, or every refused field at once (DomainErrors)."""
        checks = ErrorCollector()
        name = " ".join(self.name.split())
        if not name:
            checks.errors.append(
                DomainError(
                    "applicant_name_required",
                    "Nhập họ tên người nộp hồ sơ.",
                    field="applicant_name",
                )
            )
        id_number = self.id_number.strip()
        if self.kind == ApplicantKind.PERSON and id_number:
            id_number = checks.run(validate_citizen_id, id_number, default=id_number)
        phone = checks.run(normalise_phone, self.phone, field="applicant_phone", default="")
        checks.raise_any()
        return Applicant(
            name=name,
            kind=self.kind,
            id_number=id_number,
            org_code=self.org_code.strip(),
            phone=phone,
            email=self.email.strip(),
            address=self.address.strip(),
        )


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    copy_type: str = ""
    quantity: int = 1

    def as_json(self) -> dict:
        return {"name": self.name, "copy_type": self.copy_type, "quantity": self.quantity}


# A document a supplement request asks for: the service stores what it is given, so the
# input is the event's own record (Mẫu 02 prints it back).
MissingDocument = RequestedDocument
