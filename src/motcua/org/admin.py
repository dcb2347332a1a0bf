"""Django admin for the organisation: a read-only window for the deployment's operators.

Agencies, staff and roles change only through org.services (the staff pages under
/can-bo/to-chuc/): they check the actor's scope, validate the tree and the roles, and
write an OrgEvent in the same transaction. An admin form would do none of that, so
nothing here adds, changes or deletes; the first superuser comes from `createsuperuser`.

Sign-ins (django-axes, docs/sign-in.md) are shown here too: successes and failures
read-only; a lock (an access attempt) can be deleted, which unlocks that user name at
that address.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from motcua.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Agency, Notice, OrgEvent, RoleAssignment, RoleGrant, User


class RoleInline(ReadOnlyInline):
    model = RoleAssignment


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("motcua", {"fields": ("full_name", "phone", "position")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
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
