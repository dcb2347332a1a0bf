"""Tables shared by every app."""

from django.db import models


class RateCounter(models.Model):
    """One fixed-window hit counter of a rate limit (see ``motcua.core.ratelimit``).

    One row per limit and subject (a client address, a dossier code), overwritten when a
    new window starts, so the table holds one row per subject seen recently. On
    PostgreSQL the table is UNLOGGED: counting skips the write-ahead log and the wait for
    its flush, and a crash merely forgets who was counted.
    """

    bucket = models.CharField("khóa", max_length=80, primary_key=True)
    window_no = models.BigIntegerField("cửa sổ")  # epoch seconds // period
    hits = models.PositiveIntegerField("số lượt")
    expires_at = models.BigIntegerField("hết hạn", db_index=True)  # epoch seconds

    class Meta:
        verbose_name = "bộ đếm giới hạn truy cập"
        verbose_name_plural = "bộ đếm giới hạn truy cập"

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits}"
