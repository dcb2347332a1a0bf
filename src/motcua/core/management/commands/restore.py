"""manage.py restore ARCHIVE: into the configured database, which must be empty."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from motcua.core.backup import BackupError, Target, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cơ sở dữ liệu đang cấu hình (phải trống, chưa có "
        "bảng) và thư mục MEDIA_ROOT (phải trống), rồi đối chiếu số dòng và tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--no-media", action="store_true", help="Chỉ khôi phục cơ sở dữ liệu.")

    def handle(self, *args, archive: Path, no_media=False, **options):
        if not archive.is_file():
            raise CommandError(f"Không thấy tệp {archive}.")
        connection.close()  # the restore writes past Django's connection
        try:
            manifest = restore_backup(
                archive,
                target=Target(dict(connection.settings_dict)),
                media_root=Path(settings.MEDIA_ROOT),
                with_media=not no_media,
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Đã khôi phục {len(manifest['tables'])} bảng, {rows} dòng, "
            f"{len(manifest['media'])} tệp (bản sao lưu lúc {manifest['created_at']})."
        )
