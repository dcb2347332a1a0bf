"""Demo online dossiers (hồ sơ nộp trực tuyến) for Phường Hòa Bình, in every state.

Submitted through ``services.submit_online`` by three demo applicant accounts and then
checked by the ward's counter officer through the same services as the staff pages:
several wait in the counter's online queue ("Mới đăng ký") — one past its checking
limit, one sent at night, one back after the applicant completed it — and the others are
asked to complete, refused, received, processed, supplemented online, withdrawn online,
finished with an electronic result or returned by post.

Moments are anchored to now on the counter's working calendar (``demo.dossiers.Clock``),
never after now, so the queue always has work. Idempotent: nothing is written when the
demo ward already has dossiers submitted online.

The applicant accounts have no usable password: citizen sign-in belongs to the portal's
accounts (issue #11 §1); these rows only stand for "the account that submitted it".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import OnlineLevel
from motcua.dossiers import inputs, services
from motcua.dossiers.calendar import calendar_for
from motcua.dossiers.models import Delivery, Dossier
from motcua.org.models import Agency, User

from . import citizens
from . import files as demo_files
from .dossiers import HOABINH, Cast, Clock, offers, person

SEED = 1111
HOUR = 3600


def _accounts() -> list[User]:
    """The demo portal accounts (demo.citizens, loaded before): the online dossiers are
    theirs, so "Hồ sơ của tôi" shows them when one signs in."""
    emails = [email for email, *_ in citizens.DEMO_CITIZENS]
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails]


@transaction.atomic
def load(now: dt.datetime | None = None, seed: int = SEED) -> int:
    """Write the demo online dossiers once; returns how many were written."""
    now = now or timezone.now()
    ward = Agency.objects.filter(code=HOABINH).first()
    if ward is None or Dossier.objects.filter(ward=ward, submitted_by__isnull=False).exists():
        return 0
    cast = Cast.of(ward)
    if cast is None:
        return 0
    clock = Clock(calendar_for(cast.counter_agency), now)
    today = timezone.localtime(now, clock.tz).date()
    found = [
        offer
        for offer in offers(ward, cast, today - dt.timedelta(days=30), today)
        if offer.version.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)
        and not offer.version.case_labels
        and cast.heads.get(offer.version.competent_unit_id)
    ]
    if not found:
        return 0
    return Writer(cast, clock, found, _accounts(), random.Random(seed)).write_all()


class Writer:
    """Plays each story through the services, at moments counted back from now."""

    def __init__(self, cast: Cast, clock: Clock, found, accounts, rng: random.Random):
        self.cast, self.clock, self.found, self.accounts, self.rng = (
            cast,
            clock,
            found,
            accounts,
            rng,
        )
        self.latest = clock.latest()
        self.ward_name = cast.ward.display_name
        self.written = 0

    def ago(self, hours: float) -> dt.datetime:
        """``hours`` working hours before the last working moment."""
        return self.clock.rewind(self.latest, hours * HOUR)

    def last_evening(self) -> dt.datetime:
        """21:15 of the day before the last working day: outside office hours."""
        day = self.latest.astimezone(self.clock.tz).date() - dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(21, 15), self.clock.tz)

    def submit(self, when: dt.datetime, **kwargs) -> Dossier:
        offer = self.rng.choice(self.found)
        self.written += 1
        return services.submit_online(
            submitter=self.accounts[self.written % len(self.accounts)],
            receiving_agency=self.cast.counter_agency,
            procedure=offer.procedure,
            applicant=person(self.rng, self.ward_name, online=True),
            idempotency_key=f"demo-{self.written}",
            answers={"nguon": "demo", "so_ban": self.rng.randint(1, 3)},
            documents=list(offer.documents)
            or [inputs.ReceivedDocument("Tờ khai theo mẫu (bản điện tử)")],
            request_summary=f"Đề nghị giải quyết thủ tục {offer.procedure.name}"[:500],
            at=when,
            **kwargs,
        )

    def received(self, submitted: dt.datetime, received: dt.datetime, **kwargs) -> Dossier:
        d = self.submit(submitted, **kwargs)
        return services.receive_online(actor=self.cast.counter, dossier=d, at=received)

    def processing(self, submitted: dt.datetime, received: dt.datetime, **kwargs) -> Dossier:
        d = self.received(submitted, received, **kwargs)
        d = services.forward(
            actor=self.cast.counter, dossier=d, at=received + dt.timedelta(minutes=10)
        )
        unit = d.competent_unit_id
        processors = self.cast.processors(d.competent_unit)
        return services.assign(
            actor=self.cast.heads[unit][0],
            dossier=d,
            specialist=processors[0],
            at=received + dt.timedelta(minutes=40),
        )

    def finished(self, d: Dossier, decided: dt.datetime, *, electronic: bool) -> Dossier:
        approver = self.cast.approvers(d.competent_unit)[0]
        d = services.decide(actor=approver, dossier=d, approve=True, at=decided)
        return services.result_ready(
            actor=self.cast.processors(d.competent_unit)[0],
            dossier=d,
            result_files=[demo_files.result(d.code)] if electronic else (),
            at=decided + dt.timedelta(minutes=30),
        )

    def write_all(self) -> int:
        stories: list[Callable[[], object]] = [
            # Waiting in the counter's online queue.
            lambda: self.submit(self.ago(14)),  # past its checking limit (8 working hours)
            lambda: self.submit(self.last_evening()),  # sent at night
            lambda: self.submit(self.ago(1.5)),
            self.completed_and_back,
            # Waiting for the applicant to complete it (Mẫu 02 before the receipt).
            lambda: services.request_completion(
                actor=self.cast.counter,
                dossier=self.submit(self.ago(10)),
                missing=[inputs.MissingDocument("Ảnh chụp căn cước (hai mặt, rõ nét)")],
                reason="Ảnh chụp căn cước bị mờ, không đọc được số định danh.",
                at=self.ago(7),
            ),
            # Refused (Mẫu 03).
            lambda: services.refuse_online(
                actor=self.cast.counter,
                dossier=self.submit(self.ago(30)),
                reasons="Người yêu cầu đăng ký thường trú tại phường khác, thuộc thẩm quyền "
                "của UBND nơi cư trú.",
                category="not_competent",
                at=self.ago(27),
            ),
            # Withdrawn online before the receipt.
            self.withdrawn_before_receipt,
            # Received today: the clock runs from the receipt.
            lambda: self.received(self.ago(5), self.ago(3)),
            lambda: self.processing(self.ago(40), self.ago(36)),
            self.supplemented_online,
            self.waiting_for_supplement,
            self.withdrawn_after_receipt,
            self.electronic_result,
            self.returned_by_post,
        ]
        for story in stories:
            story()
        return self.written

    def withdrawn_before_receipt(self):
        d = self.submit(self.ago(20))
        return services.withdraw_online(
            citizen=d.submitted_by,
            dossier=d,
            reason="Nộp nhầm thủ tục, sẽ nộp lại.",
            at=self.ago(19),
        )

    def completed_and_back(self):
        d = self.submit(self.ago(22))
        d = services.request_completion(
            actor=self.cast.counter,
            dossier=d,
            missing=[inputs.MissingDocument("Giấy chứng sinh (bản chụp)")],
            reason="Thiếu giấy chứng sinh.",
            at=self.ago(20),
        )
        return services.supplement_online(
            citizen=d.submitted_by, dossier=d, note="Đã tải lên giấy chứng sinh.", at=self.ago(2)
        )

    def supplemented_online(self):
        d = self.processing(self.ago(70), self.ago(66))
        d = services.request_supplement(
            actor=self.cast.processors(d.competent_unit)[0],
            dossier=d,
            missing=[inputs.MissingDocument("Văn bản ủy quyền có chứng thực")],
            reason="Người nộp thay cần văn bản ủy quyền.",
            at=self.ago(60),
        )
        return services.supplement_online(
            citizen=d.submitted_by, dossier=d, note="Đã bổ sung văn bản ủy quyền.", at=self.ago(30)
        )

    def waiting_for_supplement(self):
        d = self.processing(self.ago(24), self.ago(21))
        return services.request_supplement(
            actor=self.cast.processors(d.competent_unit)[0],
            dossier=d,
            missing=[inputs.MissingDocument("Bản sao sổ hộ khẩu hoặc xác nhận cư trú")],
            reason="Cần xác nhận thông tin cư trú.",
            at=self.ago(8),
        )

    def withdrawn_after_receipt(self):
        d = self.processing(self.ago(50), self.ago(46))
        return services.withdraw_online(
            citizen=d.submitted_by,
            dossier=d,
            reason="Đã được giải quyết tại nơi thường trú.",
            at=self.ago(40),
        )

    def electronic_result(self):
        d = self.processing(self.ago(80), self.ago(76), delivery=Delivery.COUNTER)
        if Delivery.ELECTRONIC in services.allowed_deliveries(d.procedure_version):
            d = services.choose_delivery(
                citizen=d.submitted_by, dossier=d, method=Delivery.ELECTRONIC, at=self.ago(74)
            )
        return self.finished(d, self.ago(60), electronic=True)

    def returned_by_post(self):
        d = self.processing(self.ago(110), self.ago(104))
        method = Delivery.COUNTER
        if Delivery.POSTAL in services.allowed_deliveries(d.procedure_version):
            method = Delivery.POSTAL
            d = services.choose_delivery(
                citizen=d.submitted_by,
                dossier=d,
                method=method,
                address=d.applicant_address,
                at=self.ago(100),
            )
        d = self.finished(d, self.ago(90), electronic=False)
        return services.return_result(
            actor=self.cast.counter,
            dossier=d,
            method=method,
            recipient_name=d.applicant_name,
            note="Gửi qua Bưu điện" if method == Delivery.POSTAL else "",
            at=self.ago(85),
        )
