"""Chính sách tải tệp: which types, how large, how many (a plain value).

The default comes from settings (MOTCUA_UPLOAD_*); a procedure version's document slot
(catalog, issue #11 §2) will build its own with ``UploadPolicy(...)`` from its limits.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

# The content types a policy may allow, with the name endings each may carry and the
# Vietnamese word the refusals use.
KNOWN_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "application/pdf": ((".pdf",), "PDF"),
    "image/jpeg": ((".jpg", ".jpeg", ".jpe", ".jfif"), "JPEG"),
    "image/png": ((".png",), "PNG"),
}
DEFAULT_TYPES = ("application/pdf", "image/jpeg", "image/png")


@dataclass(frozen=True)
class UploadPolicy:
    allowed_types: frozenset[str] = frozenset(DEFAULT_TYPES)
    max_bytes: int = 20 * 1024 * 1024
    max_count: int = 10

    def __post_init__(self):
        unknown = set(self.allowed_types) - set(KNOWN_TYPES)
        if unknown:
            raise ValueError(f"Unknown content types: {sorted(unknown)}")
        if self.max_bytes <= 0 or self.max_count <= 0:
            raise ValueError("Limits must be positive.")

    @property
    def type_names(self) -> str:
        """ "PDF, JPEG, PNG": what the refusals and the hints name."""
        return ", ".join(KNOWN_TYPES[t][1] for t in DEFAULT_TYPES if t in self.allowed_types) or ""

    @property
    def accept(self) -> str:
        """The ``accept`` attribute of a file input: a hint only, the content decides."""
        return ",".join(
            ",".join([t, *KNOWN_TYPES[t][0]]) for t in DEFAULT_TYPES if t in self.allowed_types
        )

    @property
    def max_megabytes(self) -> str:
        return f"{self.max_bytes / (1024 * 1024):g}".replace(".", ",")


def default_policy() -> UploadPolicy:
    return UploadPolicy(
        allowed_types=frozenset(settings.MOTCUA_UPLOAD_TYPES),
        max_bytes=settings.MOTCUA_UPLOAD_MAX_BYTES,
        max_count=settings.MOTCUA_UPLOAD_MAX_FILES,
    )
