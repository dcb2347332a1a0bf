from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Message, MessageAudit, PeriodicRun, WorkerHeartbeat


class AuditInline(ReadOnlyInline):
    model = MessageAudit


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "purpose", "channel", "recipient", "status", "attempts")
    list_filter = ("status", "channel", "purpose")
    search_fields = ("recipient", "dossier__code", "key")
    inlines = [AuditInline]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "period_start", "worker", "started_at", "finished_at", "error")
    list_filter = ("job",)


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("worker", "started_at", "seen_at")
