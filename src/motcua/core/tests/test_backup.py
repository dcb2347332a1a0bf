"""backup → restore into an empty database → the same rows and files (issue #16 §6).

SQLite always; PostgreSQL when the suite runs on it (DATABASE_URL). Core may not import
the apps above it, so the rows are written with SQL into the tables the migrations made.
"""

import datetime as dt
import json
import sqlite3
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.core.backup import (
    BackupError,
    Target,
    create_backup,
    read_manifest,
    restore_backup,
    restored_counts,
    table_counts,
)

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = 3


def _fill():
    """A few rows in several tables, with Vietnamese text, NULLs, JSON and dates."""
    with connection.cursor() as cursor:
        for i in range(3):
            cursor.execute(
                "INSERT INTO org_agency (code, code_is_illustrative, name, short_name, kind,"
                " address, phone, email, is_active) VALUES (%s, %s, %s, '', 'province', '',"
                " '', '', %s)",
                [f"T{i:02d}", False, f"Tỉnh Thử Nghiệm {i} — Đặc khu", True],
            )
        cursor.execute("SELECT id FROM org_agency ORDER BY id")
        agency = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO org_orgevent (kind, agency_id, at, data) VALUES"
            " ('agency_created', %s, CURRENT_TIMESTAMP, %s)",
            [agency, json.dumps({"tên": "Phường Một"})],
        )


def _media(tmp_path):
    root = tmp_path / "media"
    (root / "ho-so" / "2026").mkdir(parents=True)
    (root / "ho-so" / "2026" / "don.pdf").write_bytes(b"%PDF-1.7 \x00\xff" * 100)
    (root / "ghi chú.txt").write_text("Tệp có dấu", encoding="utf-8")
    return root


def _norm(value):
    """One spelling per value: Django's cursor reads jsonb as text, psycopg as a dict."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    return value


def _sample(rows_of, table):
    rows = rows_of(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1 LIMIT {SAMPLE}")
    return [tuple(_norm(value) for value in row) for row in rows]


def _source_rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]


@pytest.fixture
def pg_target():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield Target({**connection.settings_dict, "NAME": name})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _target(tmp_path, request):
    if connection.vendor == "postgresql":
        return request.getfixturevalue("pg_target")
    return Target({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new.sqlite3")})


def _target_rows(target):
    if target.vendor == "sqlite":
        # The types Django reads (datetimes, booleans) as the source's cursor does.
        db = sqlite3.connect(
            target.settings["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )

        def rows(sql):
            return [tuple(r) for r in db.execute(sql).fetchall()]

        return rows
    import psycopg

    from motcua.core.backup import _pg_connect_args

    db = psycopg.connect(**_pg_connect_args(target.settings), autocommit=True)

    def rows(sql):
        return [tuple(r) for r in db.execute(sql).fetchall()]

    return rows


def test_round_trip_restores_every_table_and_file(tmp_path, request):
    _fill()
    media = _media(tmp_path)
    archive = create_backup(tmp_path / "sao-luu", media_root=media)
    assert archive.name.endswith(".tar.gz") and oct(archive.stat().st_mode)[-3:] == "600"
    manifest = read_manifest(archive)
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"] == table_counts(connection)
    assert manifest["tables"]["org_agency"] == 3
    assert ["org", "0001_initial"] in manifest["migrations"]
    assert {f["path"] for f in manifest["media"]} == {"ho-so/2026/don.pdf", "ghi chú.txt"}

    target = _target(tmp_path, request)
    restored_media = tmp_path / "restored-media"
    restore_backup(archive, target=target, media_root=restored_media)

    counts = restored_counts(target)
    assert {t: counts[t] for t in manifest["tables"]} == manifest["tables"]
    rows = _target_rows(target)
    for table in manifest["tables"]:
        assert _sample(rows, table) == _sample(_source_rows, table), table
    assert (restored_media / "ho-so" / "2026" / "don.pdf").read_bytes() == (
        media / "ho-so" / "2026" / "don.pdf"
    ).read_bytes()
    assert (restored_media / "ghi chú.txt").read_text(encoding="utf-8") == "Tệp có dấu"
    # The restored event table is still append-only (its triggers came back too).
    with pytest.raises(Exception, match=r"append-only|no such function"):
        rows("DELETE FROM org_orgevent")


def test_restore_refuses_a_database_that_has_tables(tmp_path, request):
    archive = create_backup(tmp_path, media_root=tmp_path / "none")
    # The suite's own database: it has tables (PostgreSQL), or lives in memory (SQLite).
    with pytest.raises(CommandError, match=r"đã có bảng|bộ nhớ"):
        call_command("restore", str(archive), "--no-media")
    target = _target(tmp_path, request)
    restore_backup(archive, target=target, media_root=tmp_path / "m")
    with pytest.raises(BackupError, match="đã có bảng"):
        restore_backup(archive, target=target, media_root=tmp_path / "m")


def test_restore_refuses_a_media_directory_with_files(tmp_path, request):
    archive = create_backup(tmp_path / "a", media_root=_media(tmp_path))
    with pytest.raises(BackupError, match="không trống"):
        restore_backup(archive, target=_target(tmp_path, request), media_root=tmp_path / "media")


def test_a_tampered_file_is_refused(tmp_path, request):
    archive = create_backup(tmp_path / "a", media_root=_media(tmp_path))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/ghi chú.txt":
                data = b"changed!!!!!!!!!"
                member.size = len(data)
            import io

            out.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="bị hỏng"):
        restore_backup(tampered, target=_target(tmp_path, request), media_root=tmp_path / "r")


def test_the_backup_command_prints_the_archive(tmp_path, capsys, settings):
    settings.MEDIA_ROOT = tmp_path / "khong-co"
    call_command("backup", "--output", str(tmp_path / "ra"))
    printed = capsys.readouterr().out.strip()
    assert printed.endswith(".tar.gz") and read_manifest(printed)["media"] == []
