"""events.py: every kind's data reads back as it was built, and old rows read with defaults."""

import dataclasses
import datetime as dt

import pytest

from motcua.dossiers import events

from .conftest import TZ

MOMENT = dt.datetime(2026, 3, 2, 10, 30, tzinfo=TZ)
SAMPLES = (
    events.Submitted(channel=2, online_level="full"),
    events.Received(channel=2),
    events.Refused("Không thuộc thẩm quyền.\nThiếu tờ khai."),
    events.Forwarded("Chuyển gấp"),
    events.Assigned("Nguyễn Văn A"),
    events.SupplementRequested(
        "Bổ sung", (events.RequestedDocument("Giấy chứng sinh", "original", 2, "bản chính"),)
    ),
    events.SupplementReceived("restart", ""),
    events.ObligationRequested("Lệ phí trước bạ", 1_200_000),
    events.ObligationFulfilled(note="Đã nộp"),
    events.Extended("Chờ xác minh", MOMENT, MOMENT - dt.timedelta(days=2), 1),
    events.Stopped("Không bổ sung", "Khoản 1 Điều 19"),
    events.Approved("Đồng ý"),
    events.Rejected("Không đủ điều kiện"),
    events.ResultReady(approved=True, outcome="on_time"),
    events.Returned("counter", "Trần Thị B", "001090000001", ""),
    events.Withdrawn("Người nộp xin rút"),
    events.Withdrawn("Đã làm ở nơi khác", by_applicant=True),
    events.SupplementReceived("", "Đã chụp lại giấy chứng sinh", by_applicant=True),
    events.DeliveryChosen("postal", "Số 5 Lạch Tray, phường Hòa Bình"),
    events.DueRecomputed("Nghỉ bão", MOMENT, MOMENT, MOMENT, MOMENT),
    events.FilesAttached(
        "intake_scan",
        "Tờ khai",
        (events.AttachedFile(7, "Tờ khai.pdf", 1234, "a" * 64),),
    ),
    events.Note("Gọi điện cho người nộp"),
)


def test_every_kind_has_its_data_class_and_its_labels():
    assert set(events.DATA) == set(events.KINDS)
    assert {type(sample).kind for sample in SAMPLES} == set(events.KINDS)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.kind)
def test_data_reads_back_as_built(sample):
    stored = sample.as_data()
    assert events.payload(sample.kind, stored) == sample
    assert set(stored) == {f.name for f in dataclasses.fields(sample)}


def test_moments_are_stored_in_vietnam_time():
    stored = events.Extended("x", MOMENT.astimezone(dt.UTC), MOMENT, 1).as_data()
    assert stored["new_due"] == "2026-03-02T10:30:00+07:00"


def test_a_row_without_some_keys_reads_with_defaults():
    assert events.payload("extended", {}) == events.Extended()
    assert events.payload("supplement_requested", {"missing": [{"name": "Tờ khai"}]}).missing == (
        events.RequestedDocument("Tờ khai"),
    )
    assert events.payload("unknown", {"x": 1}) is None


def test_a_reader_refuses_another_kind():
    class Row:
        kind, data = "stopped", {}

    with pytest.raises(ValueError):
        events.Extended.read(Row())
