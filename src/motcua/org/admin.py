"""Django admin for the organisation: a read-only window for the deployment's operators.

Agencies, staff and roles change only through org.services (the staff pages under
/can-bo/to-chuc/): they check the actor's scope, validate the tree and the roles, and
write an OrgEvent in the same transaction. An admin form would do none of that, so
nothing here adds, changes or deletes; the first superuser comes from `createsuperuser`.

Sign-ins (django-axes, docs/sign-in.md) are shown here too: successes and failures
read-only; a lock (an access attempt) can be deleted, which unlocks that user name at
that address. Two-factor devices (django-otp) are listed without their secrets; deleting
one (a lost phone) makes its owner enrol again, and is an AccountEvent.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import AccountEvent, Agency, Notice, OrgEvent, RoleAssignment, RoleGrant, User


class RoleInline(ReadOnlyInline):
    model = RoleAssignment


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("motcua", {"fields": ("kind", "full_name", "phone", "position")}),
    )
    list_display = ("username", "kind", "full_name", "email", "is_active", "is_superuser")
    list_filter = ("kind", *BaseUserAdmin.list_filter)
    search_fields = ("username", "full_name", "email")
    inlines = [RoleInline]


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "parent", "code_is_illustrative", "is_active")
    list_filter = ("kind", "is_active", "code_is_illustrative")
    search_fields = ("code", "name", "short_name")


@admin.register(OrgEvent)
class OrgEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "agency", "actor", "subject")
    list_filter = ("kind",)


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = (
        "requested_at",
        "user",
        "role",
        "agency",
        "status",
        "requested_by",
        "decided_by",
    )
    list_filter = ("status", "role")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "kind", "read_at")
    list_filter = ("kind",)


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "user", "actor")
    list_filter = ("kind",)


@admin.register(AccessAttempt)
class SignInLockAdmin(AccessAttemptAdmin):
    """Failure counters per user name and address; deleting one is the unlock."""

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class SignInSuccessAdmin(ReadOnlyAdmin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class SignInFailureAdmin(ReadOnlyAdmin, AccessFailureLogAdmin):
    pass


class TwoFactorDeviceAdmin(ReadOnlyAdmin):
    """django-otp's own admin shows and edits the secret keys: here only who has a device,
    and a superuser may delete one (the owner enrols again at the next sign-in)."""

    list_display = ("user", "name", "confirmed", "last_used_at")
    fields = ("user", "name", "confirmed", "last_used_at")
    readonly_fields = fields
    search_fields = ("user__username", "user__full_name")

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            AccountEvent.objects.create(
                kind="two_factor_removed",
                user=device.user,
                actor=request.user,
                data={"device": type(device).__name__},
            )
        queryset.delete()


for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, TwoFactorDeviceAdmin)
