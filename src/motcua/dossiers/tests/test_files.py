"""Files of a dossier: attaching scans and the electronic result, downloading them within
the dossier's scope only."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse

from motcua.core.errors import DomainError, PermissionDeniedError
from motcua.dossiers import events, services
from motcua.dossiers.models import (
    AccessPurpose,
    DossierEvent,
    DossierFile,
    FileKind,
    PersonalDataAccess,
    Status,
)
from motcua.dossiers.selectors import readable_dossier_file
from motcua.files.models import StoredFile
from motcua.files.tests import samples

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def _attach(staff, d, *uploads, kind=FileKind.INTAKE_SCAN, when=None):
    return services.attach_files(
        actor=staff.counter,
        dossier=d,
        uploads=list(uploads),
        kind=kind,
        document_name="Tờ khai",
        at=when or at(2026, 2, 23, 10, 5),
    )


def test_attaching_scans_writes_rows_and_one_event(receive, staff):
    d = receive()
    content = samples.PDF + b"% trang 2\n"
    rows = _attach(staff, d, samples.upload("Tờ khai.pdf", content), samples.pdf("CCCD.pdf"))
    assert [r.kind for r in rows] == [FileKind.INTAKE_SCAN] * 2
    assert rows[0].stored_file.sha256 == hashlib.sha256(content).hexdigest()
    event = DossierEvent.objects.get(dossier=d, kind="files_attached")
    data = events.FilesAttached.read(event)
    assert data.file_kind == FileKind.INTAKE_SCAN and data.document_name == "Tờ khai"
    assert [f.name for f in data.files] == ["Tờ khai.pdf", "CCCD.pdf"]
    assert data.files[0].sha256 == rows[0].stored_file.sha256
    assert not event.is_public and event.status_after == Status.RECEIVED
    d.refresh_from_db()
    assert d.digitised and not d.electronic_result  # the row's cache of its files


def test_a_refused_file_attaches_nothing(receive, staff):
    d = receive()
    with pytest.raises(DomainError) as caught:
        _attach(staff, d, samples.pdf(), samples.upload("don.pdf", samples.EXE))
    assert caught.value.code == "file_executable"
    assert not DossierFile.objects.exists() and not StoredFile.objects.exists()
    assert not DossierEvent.objects.filter(kind="files_attached").exists()


def test_the_count_limit_covers_the_files_already_attached(receive, staff, settings):
    settings.MOTCUA_UPLOAD_MAX_FILES = 3
    d = receive()
    _attach(staff, d, samples.pdf(), samples.pdf())
    with pytest.raises(DomainError) as caught:
        _attach(staff, d, samples.pdf(), samples.pdf(), when=at(2026, 2, 23, 10, 6))
    assert caught.value.code == "file_too_many"
    assert d.files.count() == 2


def test_only_staff_of_the_dossier_may_attach(receive, staff):
    d = receive()
    with pytest.raises(PermissionDeniedError):
        services.attach_files(
            actor=staff.other_counter, dossier=d, uploads=[samples.pdf()], at=at(2026, 2, 23, 11)
        )
    with pytest.raises(DomainError) as caught:
        services.attach_files(
            actor=staff.counter,
            dossier=d,
            uploads=[samples.pdf()],
            kind=FileKind.ELECTRONIC_RESULT,
            at=at(2026, 2, 23, 11),
        )
    assert caught.value.code == "file_kind_invalid"


def test_no_file_is_refused(receive, staff):
    with pytest.raises(DomainError) as caught:
        _attach(staff, receive())
    assert caught.value.code == "files_required"


# --- Through the dossier page -------------------------------------------------------------


def _post_attach(client, user, d, **fields):
    client.force_login(user)
    url = reverse("dossiers-staff-action", args=[d.code, "attach_files"])
    return client.post(url, {f"attach_files-{k}": v for k, v in fields.items()})


def test_the_counter_attaches_scans_from_the_dossier_page(client, receive, staff):
    d = receive()
    client.force_login(staff.counter)
    body = client.get(reverse("dossiers-staff-detail", args=[d.code])).content.decode()
    assert 'enctype="multipart/form-data"' in body and 'type="file"' in body
    response = _post_attach(
        client, staff.counter, d, kind="intake_scan", files=[samples.pdf("Tờ khai.pdf")]
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Đã đính kèm tệp vào hồ sơ." in body and "Tờ khai.pdf" in body
    assert d.files.get().kind == FileKind.INTAKE_SCAN


def test_a_disguised_executable_is_refused_next_to_the_file_field(client, receive, staff):
    d = receive()
    response = _post_attach(
        client, staff.counter, d, kind="intake_scan", files=[samples.upload("Don.pdf", samples.EXE)]
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_attach_files-files-error"' in body
    assert "chương trình chạy được" in body
    assert not d.files.exists()


# --- Download -------------------------------------------------------------------------------


def _download_url(d, file):
    return reverse("dossiers-staff-file", args=[d.code, file.pk])


def test_download_is_an_attachment_with_the_vietnamese_name_and_nosniff(client, receive, staff):
    d = receive()
    [row] = _attach(staff, d, samples.upload("Giấy khai sinh bản sao.pdf", samples.PDF))
    client.force_login(staff.spec_a)  # the competent unit sees the dossier too
    response = client.get(_download_url(d, row))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Giay khai sinh ban sao.pdf"' in disposition
    assert "filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20b%E1%BA%A3n%20sao.pdf" in disposition
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == samples.PDF
    # A download of personal data is logged like the page (issue #16 §5).
    (logged,) = PersonalDataAccess.objects.filter(dossier=d, purpose=AccessPurpose.FILE)
    assert logged.user == staff.spec_a and logged.detail == "Giấy khai sinh bản sao.pdf"


def test_a_guessed_file_id_of_another_wards_dossier_is_404(client, receive, procs, org, staff):
    mine = receive()
    theirs = receive(procs.other_ward, actor=staff.other_counter, agency=org.other_unit)
    [their_file] = services.attach_files(
        actor=staff.other_counter, dossier=theirs, uploads=[samples.pdf()], at=at(2026, 2, 23, 11)
    )
    [my_file] = _attach(staff, mine, samples.pdf())
    client.force_login(staff.counter)
    assert client.get(_download_url(mine, my_file)).status_code == 200
    # Their file, named under my dossier's code or theirs: not found either way.
    assert client.get(_download_url(mine, their_file)).status_code == 404
    assert client.get(_download_url(theirs, their_file)).status_code == 404
    assert readable_dossier_file(staff.counter, their_file.pk) is None
    # Another ward's leader, and a unit that does not handle the dossier: 404.
    for outsider in (staff.other_leader, staff.spec_b):
        client.force_login(outsider)
        assert client.get(_download_url(mine, my_file)).status_code == 404


def test_an_anonymous_download_is_sent_to_sign_in(client, receive, staff):
    d = receive()
    [row] = _attach(staff, d, samples.pdf())
    response = client.get(_download_url(d, row))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_media_url_is_not_served(client, receive, staff):
    d = receive()
    [row] = _attach(staff, d, samples.pdf())
    client.force_login(staff.counter)
    assert client.get(f"/media/{row.stored_file.storage_name}").status_code == 404


def test_result_ready_attaches_the_electronic_result(in_processing, staff):
    d = in_processing()
    d = services.decide(actor=staff.head_a, dossier=d, approve=True, at=at(2026, 2, 24, 9))
    with pytest.raises(DomainError) as caught:
        services.result_ready(
            actor=staff.spec_a,
            dossier=d,
            result_files=[samples.upload("kq.pdf", samples.EXE)],
            at=at(2026, 2, 24, 10),
        )
    assert caught.value.code == "file_executable"
    d.refresh_from_db()
    assert d.status == Status.PROCESSING  # nothing written
    d = services.result_ready(
        actor=staff.spec_a,
        dossier=d,
        result_files=[samples.pdf("Giấy xác nhận.pdf")],
        at=at(2026, 2, 24, 10),
    )
    assert d.status == Status.DONE
    assert d.files.get().kind == FileKind.ELECTRONIC_RESULT
    d.refresh_from_db()
    assert d.electronic_result and not d.digitised


def test_a_supplement_scan_also_makes_the_dossier_digitised(receive, staff):
    d = receive()
    _attach(staff, d, samples.pdf(), kind=FileKind.SUPPLEMENT)
    d.refresh_from_db()
    assert d.digitised


@pytest.mark.parametrize("who", ["other_counter", "other_leader", "spec_b"])
def test_staff_outside_the_dossier_cannot_attach(client, receive, staff, who):
    d = receive()
    response = _post_attach(
        client, getattr(staff, who), d, kind="intake_scan", files=[samples.pdf()]
    )
    assert response.status_code == 404
    assert not StoredFile.objects.exists()


def test_a_ward_leader_sees_the_files_but_may_not_attach(client, receive, staff):
    d = receive()
    [row] = _attach(staff, d, samples.pdf())
    client.force_login(staff.leader)
    assert client.get(_download_url(d, row)).status_code == 200
    response = _post_attach(client, staff.leader, d, kind="intake_scan", files=[samples.pdf()])
    assert response.status_code == 403
    assert d.files.count() == 1


def test_a_refused_event_leaves_no_bytes_in_the_storage(receive, staff, settings):
    """An attachment dated before the dossier's last step is refused after the files were
    stored: the transaction drops the rows and the service deletes the bytes."""
    import os

    d = receive()
    with pytest.raises(DomainError) as caught:
        _attach(staff, d, samples.pdf(), when=at(2026, 2, 23, 9))  # before the receipt
    assert caught.value.code == "event_before_last"
    assert not StoredFile.objects.exists()
    assert [n for _, _, names in os.walk(settings.MEDIA_ROOT) for n in names] == []
