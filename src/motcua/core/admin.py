"""Django admin building blocks shared by the apps.

The admin is a window for the deployment's operators: it reads. Every write goes
through an app's services (permission check, validation, event row in the same
transaction); a form that saved the model directly would bypass all three.
"""

from django.contrib import admin


class _ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(_ReadOnly, admin.ModelAdmin):
    pass


class ReadOnlyInline(_ReadOnly, admin.TabularInline):
    extra = 0
