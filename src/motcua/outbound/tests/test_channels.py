"""The SMS gateway and Zalo ZNS channels against a fake HTTP receiver on localhost
(nothing reaches the network), and the file channel."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from motcua.outbound import outbox
from motcua.outbound.channels import DeliveryError, channel
from motcua.outbound.channels.sms import HttpSmsChannel, international
from motcua.outbound.channels.zalo import ZaloZnsChannel
from motcua.outbound.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server that records requests and answers what the test says."""

    def __init__(self):
        self.requests = []
        self.answers = []  # (status, json body), used in order; the last one repeats
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                receiver.requests.append(
                    (
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        json.loads(self.rfile.read(length)),
                    )
                )
                status, body = (
                    receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                )
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def message(**kw):
    return Message(
        purpose=kw.pop("purpose", "dossier.received"),
        channel="sms",
        recipient="0912345678",
        body="Ho so T01-260302-0001 da duoc tiep nhan",
        params={"ma_ho_so": "T01-260302-0001", "ngay_hen": "05/03/2026"},
        **kw,
    )


def test_international_number():
    assert international("0912345678") == "84912345678"
    assert international("84912345678") == "84912345678"


def test_sms_gateway_gets_the_text_the_brandname_credentials_and_the_key(receiver):
    receiver.answers = [(200, {"id": "gw-42"})]
    sms = HttpSmsChannel(
        "sms",
        {
            "URL": receiver.url + "/send",
            "USERNAME": "ubnd",
            "PASSWORD": "bi-mat",
            "BRANDNAME": "UBND PHUONG",
        },
    )
    m = message()
    assert sms.send(m) == "gw-42"
    ((path, headers, body),) = receiver.requests
    assert path == "/send"
    assert body == {
        "to": "84912345678",
        "brandname": "UBND PHUONG",
        "message": m.body,
        "request_id": str(m.key),
    }
    assert headers["idempotency-key"] == str(m.key)
    assert headers["authorization"] == "Basic dWJuZDpiaS1tYXQ="


@pytest.mark.parametrize(
    ("status", "permanent"), [(500, False), (503, False), (429, False), (400, True), (401, True)]
)
def test_sms_gateway_errors_are_retried_unless_the_gateway_refused_the_message(
    receiver, status, permanent
):
    receiver.answers = [(status, {"error": "x"})]
    with pytest.raises(DeliveryError) as failure:
        HttpSmsChannel("sms", {"URL": receiver.url}).send(message())
    assert failure.value.permanent is permanent and f"HTTP {status}" in str(failure.value)


def test_an_unreachable_gateway_is_retried():
    with pytest.raises(DeliveryError) as failure:
        HttpSmsChannel("sms", {"URL": "http://127.0.0.1:9/", "TIMEOUT": 2}).send(message())
    assert not failure.value.permanent


def test_zalo_zns_sends_the_approved_template_with_its_data_and_tracking_id(receiver):
    receiver.answers = [(200, {"error": 0, "message": "Success", "data": {"msg_id": "z-1"}})]
    zalo = ZaloZnsChannel(
        "zalo",
        {
            "URL": receiver.url + "/message/template",
            "ACCESS_TOKEN": "tok",
            "TEMPLATES": {"received": "231001"},
        },
    )
    m = message()
    assert zalo.send(m) == "z-1"
    ((path, headers, body),) = receiver.requests
    assert path == "/message/template" and headers["access_token"] == "tok"
    assert body == {
        "phone": "84912345678",
        "template_id": "231001",
        "template_data": {"ma_ho_so": "T01-260302-0001", "ngay_hen": "05/03/2026"},
        "tracking_id": str(m.key),
    }


def test_zalo_error_codes_and_missing_templates(receiver):
    receiver.answers = [(200, {"error": -124, "message": "Access token invalid"})]
    options = {"URL": receiver.url, "ACCESS_TOKEN": "tok", "TEMPLATES": {"received": "1"}}
    with pytest.raises(DeliveryError, match="-124"):
        ZaloZnsChannel("zalo", options).send(message())
    with pytest.raises(DeliveryError) as no_template:
        ZaloZnsChannel("zalo", options).send(message(purpose="dossier.refused"))
    assert no_template.value.permanent


def test_the_outbox_delivers_through_the_configured_gateway(receiver, org, settings):
    receiver.answers = [(503, {}), (200, {"id": "gw-7"})]
    settings.MOTCUA_OUTBOX_BACKOFF_SECONDS = 0
    settings.MOTCUA_CHANNELS = {
        **settings.MOTCUA_CHANNELS,
        "sms": {"CLASS": "motcua.outbound.channels.sms.HttpSmsChannel", "URL": receiver.url},
    }
    m = outbox.enqueue(
        purpose="dossier.received",
        channel="sms",
        recipient="0912345678",
        body="Ho so X",
        agency=org.ward,
    )
    outbox.deliver_all()
    m.refresh_from_db()
    assert (m.status, m.attempts, m.provider_ref) == (MessageStatus.SENT, 2, "gw-7")
    keys = {request[2]["request_id"] for request in receiver.requests}
    assert keys == {str(m.key)}  # the retry carries the same idempotency key


def test_file_channel_writes_one_json_line_per_message(tmp_path, settings):
    settings.MOTCUA_CHANNELS = {
        **settings.MOTCUA_CHANNELS,
        "sms": {
            "CLASS": "motcua.outbound.channels.fake.FileChannel",
            "PATH": str(tmp_path / "sms.jsonl"),
        },
    }
    m = message()
    channel("sms").send(m)
    (line,) = (tmp_path / "sms.jsonl").read_text().splitlines()
    assert json.loads(line)["key"] == str(m.key)
