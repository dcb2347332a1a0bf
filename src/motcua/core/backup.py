"""Backup and restore: the database and the stored files in one archive (issue #16 §6).

An archive is a ``.tar.gz`` holding:

- ``manifest.json``: format, when, the database vendor, the applied migrations, the row
  count of every table, and every stored file's size and SHA-256;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the
  application runs) or ``database.pgdump`` (``pg_dump --format=custom``: one consistent
  snapshot; restored with ``pg_restore``);
- ``media/…``: the directory named by ``settings.MEDIA_ROOT`` if it exists.

A restore goes into an EMPTY database (no table) and an empty or missing media directory
— never over live data — then counts every table and checks every file against the
manifest. ``manage.py backup`` and ``manage.py restore`` are the command-line faces;
docs/deployment.md gives the schedule and the retention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection as default_connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "motcua-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A refused or failed backup/restore, with a message for the operator."""


@dataclass
class Target:
    """Where a restore goes: Django's DATABASES entry shape (ENGINE, NAME, HOST, …)."""

    settings: dict

    @property
    def vendor(self) -> str:
        engine = self.settings["ENGINE"]
        if "sqlite3" in engine:
            return "sqlite"
        if "postgresql" in engine:
            return "postgresql"
        raise BackupError(f"Không hỗ trợ cơ sở dữ liệu {engine}.")


# --- Shared pieces -------------------------------------------------------------------


def _quote(connection, table: str) -> str:
    return connection.ops.quote_name(table)


def table_counts(connection) -> dict[str, int]:
    """Row count of every table of the database behind a Django connection."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _pg_env(settings: dict) -> dict:
    """libpq's environment for pg_dump/pg_restore: the password never on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    env["PGDATABASE"] = settings["NAME"]
    return env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[:2000]}")


# --- Backup --------------------------------------------------------------------------


def create_backup(destination: Path, *, media_root: Path, connection=default_connection) -> Path:
    """Write an archive to ``destination`` (a file path, or a directory to name it in)."""
    destination = Path(destination)
    now = dt.datetime.now(dt.UTC)
    if destination.is_dir() or not destination.suffix:
        destination.mkdir(parents=True, exist_ok=True)
        destination = destination / f"motcua-{now:%Y%m%d-%H%M%S}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Không hỗ trợ cơ sở dữ liệu {vendor}.")
    media_root = Path(media_root)
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        work = Path(work)
        if vendor == "sqlite":
            database_file = work / SQLITE_MEMBER
            connection.ensure_connection()
            target = sqlite3.connect(database_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            database_file = work / PG_MEMBER
            _run(
                ["pg_dump", "--format=custom", "--file", str(database_file)],
                _pg_env(connection.settings_dict),
            )
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "migrations": sorted(
                [app, name] for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "tables": table_counts(connection),
            "media": [
                {
                    "path": path.relative_to(media_root).as_posix(),
                    "size": path.stat().st_size,
                    "sha256": _sha256(path),
                }
                for path in files
            ],
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for path in files:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        os.replace(partial, destination)  # a half-written archive never has the final name
    destination.chmod(0o600)  # personal data: readable by the operator only
    return destination


# --- Restore -------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        try:
            member = archive.extractfile(MANIFEST)
        except KeyError as exc:
            raise BackupError("Tệp sao lưu không có manifest.json.") from exc
        manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu không đúng: {manifest.get('format')!r}.")
    return manifest


def _sqlite_tables(path: Path) -> list[str]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def _pg_has_tables(settings: dict) -> bool:
    import psycopg

    with psycopg.connect(**_pg_connect_args(settings)) as db:
        row = db.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return row[0] > 0


def _pg_connect_args(settings: dict) -> dict:
    args = {"dbname": settings["NAME"]}
    for key, name in (
        ("HOST", "host"),
        ("PORT", "port"),
        ("USER", "user"),
        ("PASSWORD", "password"),
    ):
        if settings.get(key):
            args[name] = settings[key]
    return args


def restored_counts(target: Target) -> dict[str, int]:
    """Row count of every table in the restored database, read past Django."""
    if target.vendor == "sqlite":
        with sqlite3.connect(target.settings["NAME"]) as db:
            tables = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg

    with psycopg.connect(**_pg_connect_args(target.settings)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def restore_backup(
    archive_path: Path, *, target: Target, media_root: Path, with_media: bool = True
) -> dict:
    """Restore ``archive_path`` into the empty database ``target`` (and the media
    directory), then verify counts and files against the manifest. Answers the manifest."""
    archive_path = Path(archive_path)
    manifest = read_manifest(archive_path)
    if manifest["vendor"] != target.vendor:
        raise BackupError(
            f"Bản sao lưu của {manifest['vendor']} không khôi phục được vào {target.vendor}."
        )
    media_root = Path(media_root)
    if with_media and manifest["media"] and media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"Thư mục tệp {media_root} không trống: khôi phục cần thư mục trống.")
    if target.vendor == "sqlite":
        name = str(target.settings["NAME"])
        if name in ("", ":memory:") or name.startswith("file:"):
            raise BackupError("Chỉ khôi phục vào một tệp SQLite, không vào cơ sở trong bộ nhớ.")
        path = Path(name)
        if _sqlite_tables(path):
            raise BackupError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở trống.")
    elif _pg_has_tables(target.settings):
        raise BackupError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở trống.")

    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        work = Path(work)
        members = [m for m in archive.getmembers() if m.isfile()]
        archive.extractall(work, members=members, filter="data")  # no links, no ../
        if target.vendor == "sqlite":
            source = sqlite3.connect(work / SQLITE_MEMBER)
            destination = sqlite3.connect(path)
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
        else:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    target.settings["NAME"],
                    str(work / PG_MEMBER),
                ],
                _pg_env(target.settings),
            )
        if with_media:
            for entry in manifest["media"]:
                source = work / "media" / entry["path"]
                if _sha256(source) != entry["sha256"]:
                    raise BackupError(f"Tệp {entry['path']} trong bản sao lưu bị hỏng.")
                destination_file = media_root / entry["path"]
                destination_file.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination_file)

    counts = restored_counts(target)
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if wrong:
        raise BackupError(f"Số dòng sau khôi phục không khớp: {wrong}")
    return manifest
