"""manage.py backup [--output PATH]: the database and the stored files in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã lưu (MEDIA_ROOT) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Tệp hoặc thư mục đích (mặc định: MOTCUA_BACKUP_DIR).",
        )

    def handle(self, *args, output=None, **options):
        try:
            path = create_backup(
                output or settings.MOTCUA_BACKUP_DIR, media_root=Path(settings.MEDIA_ROOT)
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
