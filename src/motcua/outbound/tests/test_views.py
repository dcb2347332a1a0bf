"""The outbox pages: an agency's admin sees his agencies' messages and resends a dead
letter; others are refused; anonymous users are sent to sign in."""

import pytest

from motcua.org.models import Role
from motcua.outbound import outbox
from motcua.outbound.models import MessageAudit, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead(org):
    message = outbox.enqueue(
        purpose="dossier.received",
        channel="sms",
        recipient="0912345678",
        body="Ho so X",
        agency=org.ward,
    )
    message.status = MessageStatus.DEAD
    message.attempts = 6
    message.last_error = "HTTP 503: cổng SMS bảo trì"
    message.save()
    return message


def test_admin_sees_the_dead_letter_with_its_error_and_resends_it(client, org, make_staff, dead):
    admin = make_staff(org.ward, Role.AGENCY_ADMIN, username="qt_phuong")
    client.force_login(admin)
    page = client.get("/can-bo/hop-thu-di/").content.decode()
    assert (
        "0912345678" in page
        and "cổng SMS bảo trì" in page
        and 'Gửi không được<span class="n">1</span>' in page
    )
    detail = client.get(f"/can-bo/hop-thu-di/{dead.pk}/").content.decode()
    assert "HTTP 503" in detail and "Gửi lại" in detail
    response = client.post(f"/can-bo/hop-thu-di/{dead.pk}/gui-lai/")
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.status == MessageStatus.PENDING
    assert MessageAudit.objects.get().actor == admin
    again = client.post(f"/can-bo/hop-thu-di/{dead.pk}/gui-lai/", follow=True)
    assert "Chỉ gửi lại được tin đã gửi không thành công" in again.content.decode()
    assert MessageAudit.objects.count() == 1


def test_outside_the_scope_is_refused(client, org, make_staff, dead):
    other = make_staff(org.other_ward, Role.AGENCY_ADMIN, username="qt_khac")
    client.force_login(other)
    assert "0912345678" not in client.get("/can-bo/hop-thu-di/").content.decode()
    assert client.get(f"/can-bo/hop-thu-di/{dead.pk}/").status_code == 404
    assert client.post(f"/can-bo/hop-thu-di/{dead.pk}/gui-lai/").status_code == 404
    dead.refresh_from_db()
    assert dead.status == MessageStatus.DEAD
    specialist = make_staff(org.unit_a, Role.SPECIALIST, username="cv_x")
    client.force_login(specialist)
    assert client.get("/can-bo/hop-thu-di/").status_code == 403
    assert client.post(f"/can-bo/hop-thu-di/{dead.pk}/gui-lai/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, dead):
    for url in ("/can-bo/hop-thu-di/", f"/can-bo/hop-thu-di/{dead.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap" in response["Location"]
    assert client.post(f"/can-bo/hop-thu-di/{dead.pk}/gui-lai/").status_code == 302
    dead.refresh_from_db()
    assert dead.status == MessageStatus.DEAD
