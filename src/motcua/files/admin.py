from django.contrib import admin

from motcua.core.admin import ReadOnlyAdmin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(ReadOnlyAdmin):
    """Read-only: who uploaded what, its type, size and hash (the bytes are downloaded only
    through the owner's permission-checked view)."""

    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("content_type",)
    search_fields = ("original_name", "sha256")
    date_hierarchy = "uploaded_at"
