"""Store an upload: the one way a file enters the storage (docs/files.md).

``store_uploads`` takes the files of one request (Django ``UploadedFile``s, already on
disk past FILE_UPLOAD_MAX_MEMORY_SIZE) and, for each, in this order:

1. the count and the announced size against the policy (nothing read yet);
2. the type from the first bytes (sniffing.py, at most 8 KB read): an executable is
   refused whatever its name; a type the policy does not allow is refused; a name whose
   ending says another allowed type than the content is refused (a PNG called .pdf);
3. the antivirus hook, when configured (antivirus.py), before anything is stored;
4. streamed in chunks to Django's default storage under a random name, the SHA-256 and
   the size counted from the same chunks as they go (the size limit is checked again on
   the bytes actually read);
5. one ``StoredFile`` row.

Every refusal is a DomainError with a stable code and a Vietnamese message naming the
file; a refusal leaves nothing behind (the files already stored by the same call are
deleted from the storage, and the caller's transaction drops the rows).
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import uuid
from collections.abc import Sequence

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError

from . import antivirus, sniffing
from .models import StoredFile
from .policy import KNOWN_TYPES, UploadPolicy, default_policy

CHUNK = 256 * 1024
FIELD = "files"


class _TooLarge(Exception):
    pass


class HashingReader(io.RawIOBase):
    """Reads ``raw`` through, hashing and counting what was read since the last seek(0);
    refuses to go past ``limit`` bytes. What Django's storage reads the file through."""

    def __init__(self, raw, limit: int):
        self.raw = raw
        self.limit = limit
        self.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) != (0, 0):
            raise io.UnsupportedOperation("only a rewind to the start")
        self.raw.seek(0)
        self.sha256 = hashlib.sha256()
        self.size = 0
        return 0

    def tell(self) -> int:
        return self.size

    def read(self, n: int = -1) -> bytes:
        # Django's FileSystemStorage and django-storages' S3 read in sized chunks; a
        # backend that asks for "everything" gets it (correct, though not streamed).
        data = self.raw.read() if n is None or n < 0 else self.raw.read(n)
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.sha256.update(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def clean_name(name: str) -> str:
    """The name as given, without its folders or control characters, at most 255 long
    (the ending kept)."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext[:16])] + ext[:16]
    return name or "tep"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _refuse(code: str, message: str, **params) -> DomainError:
    return DomainError(code, message, field=FIELD, **params)


def check_count(count: int, policy: UploadPolicy, *, already: int = 0) -> None:
    if count + already > policy.max_count:
        raise _refuse(
            "file_too_many",
            f"Tối đa {policy.max_count} tệp"
            + (f" (đã có {already})" if already else "")
            + f"; bạn chọn {count} tệp.",
            max_count=policy.max_count,
        )


def _check_type(upload, name: str, policy: UploadPolicy) -> str:
    found = sniffing.sniff(upload)
    if found.executable:
        raise _refuse(
            "file_executable",
            f"Tệp «{name}» là chương trình chạy được, không phải tài liệu: không nhận.",
        )
    if found.content_type not in policy.allowed_types:
        raise _refuse(
            "file_type_not_allowed",
            f"Tệp «{name}» không phải {policy.type_names} (kiểu xác định theo nội dung tệp).",
            content_type=found.content_type,
        )
    ending = os.path.splitext(name)[1].lower()
    named = next((t for t, (ends, _) in KNOWN_TYPES.items() if ending in ends), None)
    if named is not None and named != found.content_type:
        raise _refuse(
            "file_type_mismatch",
            f"Tệp «{name}» có đuôi {ending} nhưng nội dung là "
            f"{KNOWN_TYPES[found.content_type][1]}: đổi tên đúng loại tệp rồi tải lại.",
            content_type=found.content_type,
        )
    return found.content_type


def _scan(upload, name: str) -> None:
    scanner = antivirus.scanner()
    if scanner is None:
        return
    try:
        verdict = scanner.scan(upload)
    except antivirus.ScannerUnavailable as error:
        raise _refuse(
            "antivirus_unavailable",
            f"Chưa kiểm tra được virus cho tệp «{name}» (máy quét không trả lời); thử lại sau.",
        ) from error
    if not verdict.clean:
        raise _refuse(
            "file_infected",
            f"Tệp «{name}» bị phần mềm diệt virus từ chối ({verdict.signature}).",
            signature=verdict.signature,
        )


def _too_large(name: str, policy: UploadPolicy, size: int) -> DomainError:
    return _refuse(
        "file_too_large",
        f"Tệp «{name}» ({_mb(size)} MB) vượt quá dung lượng tối đa {policy.max_megabytes} MB.",
        max_bytes=policy.max_bytes,
    )


def _storage_name(content_type: str, at) -> str:
    ending = KNOWN_TYPES[content_type][0][0]
    local = timezone.localtime(at)
    return f"files/{local:%Y/%m}/{uuid.uuid4().hex}{ending}"


def _store_one(upload, policy: UploadPolicy, actor, at) -> StoredFile:
    name = clean_name(getattr(upload, "name", ""))
    announced = getattr(upload, "size", None)
    if announced is not None and announced > policy.max_bytes:
        raise _too_large(name, policy, announced)
    content_type = _check_type(upload, name, policy)
    _scan(upload, name)
    reader = HashingReader(upload, policy.max_bytes)
    content = File(reader)
    if announced is not None:
        content.size = announced  # what an S3 upload asks; the bytes read are checked
    wanted = _storage_name(content_type, at)  # random: no other file has it
    try:
        stored_as = default_storage.save(wanted, content)
    except BaseException as error:
        default_storage.delete(wanted)  # a partial write
        if isinstance(error, _TooLarge):
            raise _too_large(name, policy, reader.size) from None
        raise
    try:
        return StoredFile.objects.create(
            storage_name=stored_as,
            original_name=name,
            content_type=content_type,
            size=reader.size,
            sha256=reader.sha256.hexdigest(),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            uploaded_at=at,
        )
    except BaseException:
        default_storage.delete(stored_as)
        raise


def discard_stored(stored: Sequence[StoredFile]) -> None:
    """Delete the bytes of files whose rows the failing transaction will drop."""
    for done in stored:
        default_storage.delete(done.storage_name)


@transaction.atomic
def store_uploads(
    uploads: Sequence,
    *,
    actor,
    policy: UploadPolicy | None = None,
    already: int = 0,
    at=None,
) -> list[StoredFile]:
    """Store the files of one request, all or none. ``already``: files the same slot
    holds (the count limit covers them too). The caller checks the actor's right to
    attach; this checks the files."""
    policy = policy or default_policy()
    at = at or timezone.now()
    uploads = [u for u in uploads if u is not None]
    check_count(len(uploads), policy, already=already)
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            stored.append(_store_one(upload, policy, actor, at))
    except BaseException:
        discard_stored(stored)
        raise
    # The caller's transaction may still fail after this: the files then stay in the
    # storage without a row; docs/files.md says how they are found (no row names them).
    return stored
