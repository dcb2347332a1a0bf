from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Agency, OrgEvent, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("motcua", {"fields": ("full_name", "phone", "position")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    inlines = [RoleInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "code_is_illustrative", "is_active")
    list_filter = ("kind", "is_active", "code_is_illustrative")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ["parent"]


@admin.register(OrgEvent)
class OrgEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "agency", "actor")
    list_filter = ("kind",)
    readonly_fields = ("kind", "actor", "agency", "at", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
