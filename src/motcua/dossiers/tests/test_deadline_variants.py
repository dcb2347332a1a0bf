"""Deadlines by case, channel and stage at the counter: chosen, stored, counted, printed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.catalog import deadlines
from motcua.catalog.content import VersionData
from motcua.catalog.models import DeadlineKind
from motcua.catalog.services import publish_version
from motcua.core.errors import DomainError
from motcua.dossiers import clock_reads, printing, services, timeline
from motcua.dossiers.inputs import Applicant
from motcua.dossiers.models import Channel, Dossier

from .test_staff_intake import counter_client, form_url, intake_data  # noqa: F401

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERMIT = (
    "Nhà ở riêng lẻ | | 15 ngày\nCông trình khác | | 20 ngày\nNhà ở riêng lẻ | trực tuyến | 12 ngày"
)
ADOPTION = "| | Lấy ý kiến: 10 ngày; Xác minh: 15 ngày; Quyết định: 5 ngày làm việc"


def publish(org, code, lines, amount):
    return publish_version(
        actor=None,
        scope=org.ward,
        data=VersionData(
            code=code,
            name=f"Thủ tục {code}",
            sector="Xây dựng",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.CALENDAR_DAYS,
            deadline_amount=amount,
            fee_vnd=0,
            competent_unit_code=org.unit_a.code,
            result_delivery=("counter",),
            deadline_variants=deadlines.parse(lines),
        ),
    ).version.procedure


@pytest.fixture
def permit(org):
    return publish(org, "1.009999", PERMIT, 20)


def freeze(monkeypatch, moment):
    now = dt.datetime(*moment, tzinfo=VN)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


@pytest.mark.parametrize(
    ("case", "channel", "due"),
    [
        # Received Tue 3/3/2026: 15 days → Wed 18/3; 20 days → Mon 23/3 (Sun 22/3 moved on);
        # online single house: 12 days → Sun 15/3 → Mon 16/3 (Art. 148).
        ("Nhà ở riêng lẻ", Channel.COUNTER, dt.date(2026, 3, 18)),
        ("Công trình khác", Channel.COUNTER, dt.date(2026, 3, 23)),
        ("Nhà ở riêng lẻ", Channel.ONLINE, dt.date(2026, 3, 16)),
        ("Công trình khác", Channel.ONLINE, dt.date(2026, 3, 23)),
    ],
)
def test_the_counter_chooses_the_case_and_the_preview_promises_what_is_stored(
    counter_client,  # noqa: F811
    permit,
    monkeypatch,
    case,
    channel,
    due,
):
    now = freeze(monkeypatch, (2026, 3, 3, 9, 30))
    data = intake_data([], deadline_case=case, channel=str(channel))
    preview = counter_client.post(form_url(permit), data)
    page = preview.content.decode()
    assert "Trường hợp (tính thời hạn giải quyết)" in page
    promised = preview.context["appointment"].due_at
    counter_client.post(form_url(permit), {**data, "step": "confirm"})
    stored = Dossier.objects.get()
    assert stored.deadline_case == case and stored.received_at == now
    assert promised == stored.due_at == stored.legal_due_at
    assert stored.due_at == dt.datetime.combine(due, dt.time(17, 30), tzinfo=VN)
    receipt = printing.receipt(stored, base_url="https://x.vn")
    assert receipt.processing_time.startswith(case)


def test_a_case_must_be_chosen_when_the_version_has_cases(counter_client, permit, monkeypatch):  # noqa: F811
    freeze(monkeypatch, (2026, 3, 3, 9, 30))
    response = counter_client.post(form_url(permit), intake_data([], step="confirm"))
    assert not Dossier.objects.exists()
    assert "deadline_case" in response.context["form"].errors


def test_the_service_refuses_a_case_the_version_does_not_have(org, permit, staff):
    applicant = Applicant(kind="person", name="Lê Văn A", id_number="031190001234")
    with pytest.raises(DomainError) as caught:
        services.receive_dossier(
            actor=staff.counter,
            receiving_agency=org.center,
            procedure=permit,
            applicant=applicant,
            deadline_case="Nhà xưởng",
        )
    assert caught.value.code == "deadline_case_required"


def test_a_staged_deadline_is_the_sum_of_its_stages(org, staff):
    adoption = publish(org, "1.008888", ADOPTION, 30)
    applicant = Applicant(kind="person", name="Lê Văn A", id_number="031190001234")
    received = dt.datetime(2026, 3, 3, 9, 30, tzinfo=VN)  # Tuesday
    dossier = services.receive_dossier(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=adoption,
        applicant=applicant,
        at=received,
    )
    state = clock_reads.derive_clock(dossier)
    # 10 days → Fri 13/3; 15 days → Sat 28/3 → Mon 30/3; 5 working days → Mon 6/4
    # (Hùng Kings' day is Sun 26/4 in 2026, not in the way).
    ends = [end.at.date() for end in state.stage_ends]
    assert ends == [dt.date(2026, 3, 13), dt.date(2026, 3, 30), dt.date(2026, 4, 6)]
    assert dossier.legal_due_at == state.legal_due_at == state.stage_ends[-1].at
    assert (
        "Lấy ý kiến: 10 ngày" in printing.receipt(dossier, base_url="https://x.vn").processing_time
    )


def test_the_dossier_page_shows_each_stage_with_its_end(client, org, staff):
    adoption = publish(org, "1.008888", ADOPTION, 30)
    applicant = Applicant(kind="person", name="Lê Văn A", id_number="031190001234")
    dossier = services.receive_dossier(
        actor=staff.counter,
        receiving_agency=org.center,
        procedure=adoption,
        applicant=applicant,
        at=dt.datetime(2026, 3, 3, 9, 30, tzinfo=VN),
    )
    budgets = timeline.stage_budgets(dossier)
    assert [(b.number, b.label) for b in budgets] == [
        (1, "Lấy ý kiến"),
        (2, "Xác minh"),
        (3, "Quyết định"),
    ]
    client.force_login(staff.counter)
    response = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Các giai đoạn" in page
    assert "Lấy ý kiến: 10 ngày (tính theo ngày lịch) — kết thúc 17:30 ngày 13/03/2026" in page
    assert "Quyết định: 5 ngày làm việc — kết thúc 17:30 ngày 06/04/2026" in page
