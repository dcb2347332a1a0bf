"""Tệp đã lưu: one uploaded file, kept in Django's storage (docs/files.md).

The row is written once by services.store_upload and never changed: the content type is
the one decided from the content (sniffing.py), the size and SHA-256 the ones counted
while the file was streamed to the storage. Who may read a file is the business of the
app that attaches it (a dossier's scope: dossiers.selectors.readable_dossier_file); no
public URL serves the storage.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class StoredFile(models.Model):
    storage_name = models.CharField("tên trong kho lưu trữ", max_length=255, unique=True)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu tệp (theo nội dung)", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", default=timezone.now)

    class Meta:
        verbose_name = "tệp đã lưu"
        verbose_name_plural = "tệp đã lưu"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="stored_file_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A stored file is written once.")
        super().save(*args, **kwargs)
