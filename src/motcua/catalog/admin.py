"""Django admin for the catalogue: a read-only window for the deployment's operators.

Versions are written only through services.publish_version (Excel import, demo
loader): editing them here would bypass the no-overlap rule and change what dossiers
already received under them. The one write offered is publishing on/off, through
services.set_procedure_active.
"""

from django.contrib import admin, messages

from motcua.core.admin import ReadOnlyAdmin, ReadOnlyInline

from . import services
from .models import (
    CatalogEvent,
    CouncilFee,
    EForm,
    OnlineLevelDecision,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    Sector,
)


@admin.register(Sector)
class SectorAdmin(ReadOnlyAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.action(description="Ngừng công khai các thủ tục đã chọn")
def deactivate(modeladmin, request, queryset):
    for procedure in queryset:
        services.set_procedure_active(actor=request.user, procedure=procedure, active=False)
    messages.success(request, f"Đã ngừng công khai {queryset.count()} thủ tục.")


@admin.action(description="Công khai lại các thủ tục đã chọn")
def activate(modeladmin, request, queryset):
    for procedure in queryset:
        services.set_procedure_active(actor=request.user, procedure=procedure, active=True)
    messages.success(request, f"Đã công khai lại {queryset.count()} thủ tục.")


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "sector", "is_active")
    list_filter = ("is_active", "sector")
    search_fields = ("code", "name", "search_text")
    actions = (deactivate, activate)


class RequiredDocumentInline(ReadOnlyInline):
    model = RequiredDocument
    readonly_fields = ("order", "name", "copy_type", "quantity", "note")


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "procedure",
        "scope",
        "valid_from",
        "valid_to",
        "deadline_kind",
        "deadline_amount",
        "online_level",
        "has_caveats",
    )
    list_filter = ("online_level", "deadline_kind", "deadline_provisional", "scope")
    search_fields = ("procedure__code", "procedure__search_text")
    list_select_related = ("procedure", "scope")
    inlines = (RequiredDocumentInline,)

    @admin.display(boolean=True, description="có lưu ý")
    def has_caveats(self, obj):
        return bool(obj.caveats)


@admin.register(CatalogEvent)
class CatalogEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "actor", "agency", "procedure")
    list_filter = ("kind",)
    list_select_related = ("actor", "agency", "procedure")


@admin.register(OnlineLevelDecision)
class OnlineLevelDecisionAdmin(ReadOnlyAdmin):
    """Quyết định mức độ trực tuyến (written by catalog.eform_services only)."""

    list_display = ("version", "level", "previous_level", "decided_by", "decided_at")
    list_filter = ("level",)
    list_select_related = ("version__procedure", "version__scope", "decided_by")


@admin.register(EForm)
class EFormAdmin(ReadOnlyAdmin):
    """Biểu mẫu điện tử (edited in the staff catalogue, /can-bo/thu-tuc/phien-ban/…)."""

    list_display = ("version", "revision", "updated_by", "updated_at")
    list_select_related = ("version__procedure", "version__scope", "updated_by")


@admin.register(CouncilFee)
class CouncilFeeAdmin(ReadOnlyAdmin):
    """Written by services.set_council_fee (the staff page /can-bo/thu-tuc/muc-thu-hdnd/)."""

    list_display = ("province", "key", "name", "price", "online_price", "valid_from", "valid_to")
    list_filter = ("province",)
    search_fields = ("key", "name")
    list_select_related = ("province",)
