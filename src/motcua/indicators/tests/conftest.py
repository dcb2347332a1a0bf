"""Hand-built datasets for the collectors, rates and drill-down, made through the services.

Every dossier is received, forwarded, decided and finished by the dossier services at
explicit moments (Vietnam time), so the cached columns the collectors read are exactly
what production writes. Working hours are the default 07:30–11:30 and 13:30–17:30 (8 h a
day); March 2026 has no public holiday.

The March 2026 dataset of ward ``org.ward`` (counted by hand in docs and tests):

====  =========  ========  ===============  ==========  =============================
code  procedure  channel   received         legal due   what happens
====  =========  ========  ===============  ==========  =============================
d1    FULL       online    Mon 02/03 09:00  05/03 09:00 result Wed 04/03 10:00: early
d2    PART       counter   Mon 09/03 09:00  12/03 09:00 result Thu 12/03 08:00: on time
d3    PART       online    Tue 10/03 10:00  13/03 10:00 result Fri 13/03 09:30: on time
d4    NONE (B)   counter   Mon 16/03 08:00  23/03 08:00 result Mon 23/03 08:00: on time
d5    PART       postal    Mon 02/03 14:00  05/03 14:00 result Fri 06/03 09:00: late
d6    FULL       online    Mon 30/03 09:00  02/04 09:00 open at 31/03; late on 03/04
d7    PART       counter   Wed 25/03 09:00  30/03 09:00 open, overdue
====  =========  ========  ===============  ==========  =============================

``march`` is those seven (progress 5/7). ``march_full`` adds the edge cases:

- d8  FULL online, received Tue 31/03 23:30 (belongs to March), open, due 03/04 17:30;
- d9  PART counter, received Wed 01/04 00:00 (belongs to April), early on 02/04;
- d10 PART counter, received Wed 25/02 09:00, due 02/03 09:00, result Tue 03/03 10:00
  (late; carried over into March), electronic result;
- d11 PART counter, received Fri 20/02, result Thu 26/02 (not in March at all);
- d12 FULL online, received Wed 11/03, withdrawn Thu 12/03;
- d13 NONE (B) counter, received Tue 17/03 09:00, stopped Wed 18/03 (within time);
- d14 refused at intake on Thu 05/03 (never received);
- d15 FULL (other ward) counter, received Mon 09/03, result Tue 10/03 (on time);
- d16 PART counter, fee exempt, received Mon 23/03 09:00 (due 26/03 09:00), supplement
  requested Tue 24/03 09:00 and still awaited: the clock is stopped with time left.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.content import VersionData
from motcua.catalog.models import DeadlineKind, OnlineLevel, SupplementEffect
from motcua.catalog.services import publish_version
from motcua.dossiers import inputs, services
from motcua.dossiers.models import Channel, Dossier
from motcua.files.tests import samples
from motcua.org.models import Role
from motcua.payments import services as payments
from motcua.payments.providers.base import GatewayMessage

# How a test dossier's fee is settled at its receipt: at the counter, online (the sandbox
# gateway's confirmation), or exempt (nothing payable).
CASH, ONLINE, EXEMPT = "cash", "online", "exempt"

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MINUTE = dt.timedelta(minutes=1)

APPLICANT = inputs.Applicant(
    name="Trần Văn Bình", id_number="031190004321", phone="0912000111", address="Hòa Bình"
)


def at(y, m, d, hh=10, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


# "Now" for the March tests: mid-April, March is a closed period.
APRIL_15 = at(2026, 4, 15, 10)


@pytest.fixture
def on_april_15(time_machine):
    """The clock stands at APRIL_15, for pages that count "this month, quarter, year":
    without it they would count the datasets' 2026 only while the real clock is in 2026."""
    time_machine.move_to(APRIL_15, tick=False)


def publish(scope, code, name, *, unit=None, level, fee, days=3, effect=SupplementEffect.PAUSE):
    return publish_version(
        actor=None,
        scope=scope,
        data=VersionData(
            code=code,
            name=name,
            sector="Hộ tịch",
            valid_from=dt.date(2025, 7, 1),
            deadline_kind=DeadlineKind.DAYS,
            deadline_amount=days,
            fee_vnd=fee,
            online_level=level,
            competent_unit_code=unit.code if unit else "",
            supplement_effect=effect,
            result_delivery=("counter",),
        ),
    ).version.procedure


@pytest.fixture
def catalogue(org):
    """Five procedures at ``org.ward``, one province-wide, one at the other ward.

    Ward: FULL (full, no fee, unit A) · PART (partial, 15.000 đ, unit A) · NONE (not
    online, 50.000 đ, unit B, 5 days) · UNUSED (full, 20.000 đ, unit B) · SHARED (a
    province-wide partial version with no fee, overridden at the ward by a full one).
    Other ward: FULL (its own version, its unit) and SHARED (the province's).
    """
    p = SimpleNamespace()
    p.full = publish(
        org.ward, "2.000001", "Đăng ký khai sinh", unit=org.unit_a, level=OnlineLevel.FULL, fee=0
    )
    p.part = publish(
        org.ward,
        "2.000002",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        unit=org.unit_a,
        level=OnlineLevel.PARTIAL,
        fee=15000,
    )
    p.none = publish(
        org.ward,
        "2.000003",
        "Cấp giấy phép xây dựng",
        unit=org.unit_b,
        level=OnlineLevel.NONE,
        fee=50000,
        days=5,
    )
    p.unused = publish(
        org.ward,
        "2.000004",
        "Đăng ký kinh doanh hộ",
        unit=org.unit_b,
        level=OnlineLevel.FULL,
        fee=20000,
    )
    p.shared = publish(
        org.province, "2.000005", "Chứng thực bản sao", level=OnlineLevel.PARTIAL, fee=0
    )
    publish(org.ward, "2.000005", "Chứng thực bản sao", level=OnlineLevel.FULL, fee=0)
    publish(
        org.other_ward,
        "2.000001",
        "Đăng ký khai sinh",
        unit=org.other_unit,
        level=OnlineLevel.FULL,
        fee=0,
    )
    return p


@pytest.fixture
def people(org, make_staff):
    s = SimpleNamespace()
    s.counter = make_staff(org.center, Role.COUNTER_OFFICER, username="motcua_tk")
    s.head_a = make_staff(org.unit_a, Role.UNIT_HEAD, username="truongphong_a_tk")
    s.head_b = make_staff(org.unit_b, Role.UNIT_HEAD, username="truongphong_b_tk")
    s.leader = make_staff(org.ward, Role.WARD_LEADER, username="lanhdao_tk")
    s.other_counter = make_staff(org.other_unit, Role.COUNTER_OFFICER, username="motcua2_tk")
    s.other_head = make_staff(org.other_unit, Role.UNIT_HEAD, username="truongphong2_tk")
    return s


class Dossiers:
    """Drives the dossier services for one test: receive, finish, stop, withdraw …"""

    def __init__(self, org, people):
        self.org, self.people = org, people

    def _head(self, dossier):
        return {
            self.org.unit_a.pk: self.people.head_a,
            self.org.unit_b.pk: self.people.head_b,
            self.org.other_unit.pk: self.people.other_head,
        }[dossier.competent_unit_id]

    def receive(
        self,
        procedure,
        when,
        *,
        channel=Channel.COUNTER,
        paid="",
        digitised=False,
        other_ward=False,
    ):
        """Receive and forward at once (the forward one minute later)."""
        counter = self.people.other_counter if other_ward else self.people.counter
        agency = self.org.other_unit if other_ward else self.org.center
        dossier = services.receive_dossier(
            actor=counter,
            receiving_agency=agency,
            procedure=procedure,
            applicant=APPLICANT,
            channel=channel,
            at=when,
        )
        if digitised:  # a real scan attached, as the counter does after the receipt
            services.attach_files(
                actor=counter, dossier=dossier, uploads=[samples.pdf("Ban quet.pdf")], at=when
            )
        self.settle_fee(dossier, paid, when, counter)
        return services.forward(actor=counter, dossier=dossier, at=when + MINUTE)

    def settle_fee(self, dossier, paid, when, counter):
        if not dossier.fee_vnd or not paid:
            return
        if paid == EXEMPT:
            Dossier.objects.filter(pk=dossier.pk).update(fee_vnd=0)
            dossier.fee_vnd = 0
        elif paid == CASH:
            payments.record_counter_payment(
                actor=counter, dossier=dossier, method="cash", amount_vnd=dossier.fee_vnd,
                receipt_no="BL-1", at=when,
            )  # fmt: skip
        else:
            payment, _url = payments.start_online_payment(
                dossier=dossier, provider_code="sandbox", client_ip="127.0.0.1", now=when
            )
            payments.apply_gateway_message(
                provider_code="sandbox",
                message=GatewayMessage(
                    signature_ok=True,
                    reference=payment.reference,
                    amount_vnd=payment.amount_vnd,
                    success=True,
                ),
                source="notification",
                now=when,
            )

    def finish(self, dossier, when, *, electronic=False):
        head = self._head(dossier)
        dossier = services.decide(actor=head, dossier=dossier, approve=True, at=when - MINUTE)
        return services.result_ready(
            actor=head,
            dossier=dossier,
            result_files=[samples.pdf("Ket qua.pdf")] if electronic else (),
            at=when,
        )

    def stop(self, dossier, when):
        return services.stop(
            actor=self._head(dossier), dossier=dossier, reason="Hết căn cứ", at=when
        )

    def withdraw(self, dossier, when, *, other_ward=False):
        counter = self.people.other_counter if other_ward else self.people.counter
        return services.withdraw(actor=counter, dossier=dossier, reason="Xin rút", at=when)

    def request_supplement(self, dossier, when):
        return services.request_supplement(
            actor=self._head(dossier),
            dossier=dossier,
            missing=[inputs.MissingDocument(name="Tờ khai")],
            reason="Thiếu tờ khai",
            at=when,
        )

    def record_supplement(self, dossier, when):
        return services.record_supplement(actor=self._head(dossier), dossier=dossier, at=when)

    def refuse(self, procedure, when):
        return services.refuse_intake(
            actor=self.people.counter,
            receiving_agency=self.org.center,
            procedure=procedure,
            applicant=APPLICANT,
            reasons="Không thuộc thẩm quyền",
            at=when,
        )


@pytest.fixture
def dossiers(org, people, catalogue):
    return Dossiers(org, people)


@pytest.fixture
def march(dossiers, catalogue):
    """The seven dossiers of the table above (d1 … d7)."""
    b, p = dossiers, catalogue
    d = SimpleNamespace()
    d.d1 = b.receive(p.full, at(2026, 3, 2, 9), channel=Channel.ONLINE, digitised=True)
    d.d1 = b.finish(d.d1, at(2026, 3, 4, 10), electronic=True)
    d.d2 = b.receive(p.part, at(2026, 3, 9, 9), paid=CASH, digitised=True)
    d.d2 = b.finish(d.d2, at(2026, 3, 12, 8))
    d.d3 = b.receive(p.part, at(2026, 3, 10, 10), channel=Channel.ONLINE, paid=ONLINE)
    d.d3 = b.finish(d.d3, at(2026, 3, 13, 9, 30), electronic=True)
    d.d4 = b.receive(p.none, at(2026, 3, 16, 8), paid=ONLINE)
    d.d4 = b.finish(d.d4, at(2026, 3, 23, 8))
    d.d5 = b.receive(p.part, at(2026, 3, 2, 14), channel=Channel.POSTAL, paid=CASH)
    d.d5 = b.finish(d.d5, at(2026, 3, 6, 9))
    d.d6 = b.receive(p.full, at(2026, 3, 30, 9), channel=Channel.ONLINE)
    d.d6 = b.finish(d.d6, at(2026, 4, 3, 10))
    d.d7 = b.receive(p.part, at(2026, 3, 25, 9), paid=CASH)
    return d


@pytest.fixture
def march_full(march, dossiers, catalogue):
    """``march`` plus the edge cases d8 … d16 of the module docstring."""
    b, p, d = dossiers, catalogue, march
    d.d8 = b.receive(p.full, at(2026, 3, 31, 23, 30), channel=Channel.ONLINE, digitised=True)
    d.d9 = b.receive(p.part, at(2026, 4, 1, 0, 0), paid=CASH)
    d.d9 = b.finish(d.d9, at(2026, 4, 2, 9))
    d.d10 = b.receive(p.part, at(2026, 2, 25, 9), paid=CASH)
    d.d10 = b.finish(d.d10, at(2026, 3, 3, 10), electronic=True)
    d.d11 = b.receive(p.part, at(2026, 2, 20, 9), paid=CASH)
    d.d11 = b.finish(d.d11, at(2026, 2, 26, 9))
    d.d12 = b.receive(p.full, at(2026, 3, 11, 9), channel=Channel.ONLINE)
    d.d12 = b.withdraw(d.d12, at(2026, 3, 12, 9))
    d.d13 = b.receive(p.none, at(2026, 3, 17, 9))
    d.d13 = b.stop(d.d13, at(2026, 3, 18, 9))
    d.d14 = b.refuse(p.part, at(2026, 3, 5, 9))
    d.d15 = b.receive(p.full, at(2026, 3, 9, 9), other_ward=True)
    d.d15 = b.finish(d.d15, at(2026, 3, 10, 9))
    d.d16 = b.receive(p.part, at(2026, 3, 23, 9), paid=EXEMPT)
    d.d16 = b.request_supplement(d.d16, at(2026, 3, 24, 9))
    return d
