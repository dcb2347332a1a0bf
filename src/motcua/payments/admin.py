from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Payment, PaymentEvent, ReconciliationRun, Refund


class EventInline(ReadOnlyInline):
    model = PaymentEvent


class RefundInline(ReadOnlyInline):
    model = Refund


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "dossier", "provider", "amount_vnd", "state", "created_at")
    list_filter = ("provider", "state", "online")
    search_fields = ("reference", "provider_txn_no", "dossier__code")
    inlines = [RefundInline, EventInline]


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyAdmin):
    list_display = ("day", "provider", "agency", "checked", "mismatches", "ran_at")
