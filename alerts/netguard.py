"""Refuse webhook URLs that point inside the network (SSRF), unless an allow-list permits them."""

import ipaddress
import socket
from urllib.parse import urlparse

from django.conf import settings


class BlockedAddress(ValueError):
    pass


def _allowed(host: str, address: ipaddress._BaseAddress) -> bool:
    for item in settings.WEBHOOK_ALLOW:
        if item.lower() == host.lower():
            return True
        try:
            if address in ipaddress.ip_network(item, strict=False):
                return True
        except ValueError:
            continue
    return False


def check_url(url: str) -> None:
    """Raise BlockedAddress when `url` is not http(s) or resolves to a non-public address."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BlockedAddress("use an http:// or https:// URL with a host name")
    host = parsed.hostname
    try:
        infos = socket.getaddrinfo(host, parsed.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise BlockedAddress(f"cannot resolve {host}: {exc.strerror}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_global or _allowed(host, address):
            continue
        raise BlockedAddress(
            f"{host} resolves to {address}, a private or loopback address; "
            "add it to WORKBENCH_WEBHOOK_ALLOW to permit it"
        )
