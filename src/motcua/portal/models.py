"""The citizen's side: a profile beside the one user model (org.User, kind citizen or
organisation). Accounts themselves (e-mail addresses, identity-provider links) are
django-allauth's tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CitizenProfile(models.Model):
    """What a citizen or organisation tells once and finds pre-filled in every form.

    Written only by portal.services (each change an AccountEvent). The e-mail is the
    account's (allauth's verified address); the phone is kept here, with whether it was
    confirmed by an SMS code (allauth's phone support, portal.adapters).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen_profile"
    )
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    citizen_id = models.CharField("số định danh cá nhân", max_length=12, blank=True)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True, db_index=True)
    phone_verified = models.BooleanField("đã xác minh số điện thoại", default=False)
    # Organisation accounts (User.kind organisation): the legal name and the tax code.
    organisation_name = models.CharField("tên tổ chức", max_length=300, blank=True)
    tax_code = models.CharField("mã số thuế", max_length=14, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ người dùng dịch vụ công"
        verbose_name_plural = "hồ sơ người dùng dịch vụ công"
        constraints = [
            # One account per confirmed phone: allauth finds the account by it.
            models.UniqueConstraint(
                fields=["phone"],
                condition=models.Q(phone_verified=True),
                name="uniq_verified_citizen_phone",
            )
        ]

    def __str__(self) -> str:
        return self.organisation_name or self.full_name or str(self.user)
