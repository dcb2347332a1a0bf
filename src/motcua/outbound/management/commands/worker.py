"""manage.py worker — the background worker (periodic jobs, outbox, tasks)."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from motcua.outbound.worker import Worker


class Command(BaseCommand):
    help = "Chạy tác vụ nền: việc định kỳ, gửi tin trong hộp thư đi, các tác vụ đã xếp hàng."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy hết việc đến hạn rồi thoát.")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Giây chờ khi rảnh (0.1–60)."
        )
        parser.add_argument(
            "--worker-id", default="", help="Tên duy nhất của tiến trình (≤ 64 ký tự)."
        )

    def handle(self, *args, once, interval, worker_id, **options):
        if not 0.1 <= interval <= 60:
            raise CommandError("--interval phải từ 0,1 đến 60 giây.")
        if len(worker_id) > 64:
            raise CommandError("--worker-id dài tối đa 64 ký tự.")
        logging.getLogger("motcua.outbound").setLevel(logging.INFO)
        worker = Worker(worker_id=worker_id or None, interval=interval)
        if once:
            worker.drain()
            return
        self.stdout.write(f"Tiến trình nền {worker.id} đang chạy (Ctrl-C để dừng).")
        worker.run()
