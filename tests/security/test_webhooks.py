"""Webhooks reach only checked addresses: IPv6 forms that carry a private IPv4 are refused, and
the name is resolved once: the request goes to the address that was checked."""

import socket

import pytest

from alerts import senders
from alerts.models import Channel
from tests.alerts.conftest import Receiver
from workbench import netguard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host",
    ["[64:ff9b::a00:1]", "[2002:a00:1::1]", "[::a00:1]", "[::ffff:10.0.0.1]", "[::ffff:7f00:1]"],
)
def test_ipv6_forms_of_private_addresses_are_refused(client_for, owner, project, host):
    response = client_for(owner).post(
        f"/api/v1/projects/{project.id}/alerts/channels/",
        {"name": "hook", "kind": "webhook", "url": f"http://{host}/hook"},
        format="json",
    )
    assert response.status_code == 400
    assert "private or loopback" in response.json()["errors"]["url"][0]


@pytest.fixture
def rebinding(monkeypatch):
    """hooks.example.test answers 127.0.0.1 (allowed) once, then an address nobody serves."""
    real = socket.getaddrinfo
    asked = []

    def lookup(host, port, *args, **kwargs):
        if host == "hooks.example.test":
            asked.append(host)
            address = "127.0.0.1" if len(asked) == 1 else "10.255.255.1"
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return asked


def test_the_checked_address_is_the_one_connected_to(project, settings, rebinding):
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    settings.ALERTS_HTTP_TIMEOUT_SECONDS = 2
    receiver = Receiver().start()
    try:
        channel = Channel.objects.create(
            project=project,
            name="hook",
            kind="webhook",
            url=f"http://hooks.example.test:{receiver.port}/hook?x=1",
        )
        context = {
            "event": "test",
            "project": {"id": project.id, "name": project.name},
            "rule": {"id": None, "name": "test"},
            "occurred_at": "2026-01-01T00:00:00+00:00",
        }
        outcome = senders.send(channel, context, delivery_id=7)
    finally:
        receiver.stop()
    assert outcome.ok, outcome.error
    assert rebinding == ["hooks.example.test"]  # looked up once
    (request,) = receiver.requests
    assert request["path"] == "/hook?x=1"
    assert request["headers"]["Host"] == f"hooks.example.test:{receiver.port}"


def test_pinning_keeps_the_host_for_tls_and_the_host_header():
    import ipaddress

    address = ipaddress.ip_address("93.184.215.14")
    pinned = netguard.pin("https://user:pw@Hooks.Example.com/a/b?c=d", address)
    assert pinned.url == "https://user:pw@93.184.215.14:443/a/b?c=d"
    assert pinned.host_header == "hooks.example.com"
    assert pinned.server_name == "hooks.example.com"
    six = netguard.pin("http://hooks.example.com:8080/x", ipaddress.ip_address("2606:2800::1"))
    assert six.url == "http://[2606:2800::1]:8080/x"
    assert six.host_header == "hooks.example.com:8080" and six.server_name is None


def test_redirects_are_not_followed(project, settings):
    """A public hook answering 302 to an internal address does not lead the request there."""
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    receiver = Receiver()
    receiver.status = 302
    receiver.start()
    try:
        channel = Channel.objects.create(
            project=project, name="hook", kind="webhook", url=receiver.url
        )
        context = {
            "event": "test",
            "project": {"id": project.id, "name": project.name},
            "rule": {"id": None, "name": "test"},
            "occurred_at": "2026-01-01T00:00:00+00:00",
        }
        outcome = senders.send(channel, context, delivery_id=8)
    finally:
        receiver.stop()
    assert not outcome.ok and outcome.response_code == 302
    assert len(receiver.requests) == 1
