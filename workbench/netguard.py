"""One outbound address guard for everything that connects where a user said (SSRF).

Webhooks and network data sources may reach public addresses only, unless an allow-list
(a setting per use) names the host or a network holding the address. IPv6 forms that carry an
IPv4 address (mapped, NAT64, 6to4, the deprecated compatible form) are judged by that IPv4.
The application's own database and broker are refused whatever the allow-list says.
"""

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse, urlunparse

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

NAT64 = ipaddress.ip_network("64:ff9b::/96")
SIX_TO_FOUR = ipaddress.ip_network("2002::/16")


class BlockedAddress(ValueError):
    pass


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it carries one."""
    if address.version != 6:
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d (deprecated compatible form)
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: Address) -> bool:
    inner = embedded_ipv4(address)
    if inner is not None:
        return inner.is_global
    return address.is_global


def _listed(host: str, address: Address, allow: Iterable[str]) -> bool:
    inner = embedded_ipv4(address)
    for item in allow:
        if item.lower() == host.lower():
            return True
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError:
            continue
        if address in network or (inner is not None and inner in network):
            return True
    return False


def resolve(host: str, port: int) -> list[Address]:
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):  # an IPv6 literal as written in a URL
        host = host[1:-1]
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise BlockedAddress(f"cannot resolve {host}: {exc.strerror}") from exc
    except UnicodeError as exc:
        raise BlockedAddress(f"{host!r} is not a host name") from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def check_host(
    host: str, port: int, *, allow: Iterable[str], setting: str, reserved=()
) -> list[Address]:
    """The checked addresses of `host`; BlockedAddress with the reason when one is refused.

    `reserved` lists (address, port) pairs that are never reachable (the application's own
    services). Connect to the addresses returned, not to the name again: a second lookup could
    answer differently (DNS rebinding).
    """
    if not host or port is None or not 0 < int(port) < 65536:
        raise BlockedAddress("give a host name and a port between 1 and 65535")
    allow = list(allow)
    addresses = resolve(host, int(port))
    for address in addresses:
        for reserved_address, reserved_port in reserved:
            if reserved_port == int(port) and same_host(address, reserved_address):
                raise BlockedAddress(
                    f"{host}:{port} is the application's own service and cannot be used"
                )
        if is_public(address) or _listed(host, address, allow):
            continue
        raise BlockedAddress(
            f"{host} resolves to {address}, a private or loopback address; "
            f"add it to {setting} to permit it"
        )
    return addresses


def same_host(address: Address, other: Address) -> bool:
    """Do both addresses reach the same machine's services (loopback and this host's own
    addresses all reach this host)?"""
    mine = embedded_ipv4(address) or address
    theirs = embedded_ipv4(other) or other
    if mine == theirs:
        return True
    local = {ipaddress.ip_address(a) for a in this_host_addresses()}
    return _is_local(mine, local) and _is_local(theirs, local)


def _is_local(address: Address, local: set) -> bool:
    return address.is_loopback or address.is_unspecified or address in local


def this_host_addresses() -> set[str]:
    """Every IPv4 address of this machine but loopback (its services listen on them)."""
    from pathlib import Path

    found = set()
    try:
        lines = Path("/proc/net/fib_trie").read_text().splitlines()
    except OSError:
        lines = []
    for previous, line in zip(lines, lines[1:], strict=False):
        if "/32 host LOCAL" in line and "|--" in previous:
            found.add(previous.split("|--")[1].strip())
    try:
        found.update(
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        )
    except OSError:
        pass
    return {a for a in found if not ipaddress.ip_address(a).is_loopback}


@dataclass(frozen=True)
class Pinned:
    """A request to `url` sent to one checked address: the URL names the address, the Host
    header and the TLS server name (SNI, and the name the certificate must match) the host."""

    url: str
    host_header: str
    server_name: str | None  # https only


def pin(url: str, address: Address) -> Pinned:
    """`url` rewritten to connect to `address` (one that check_url returned), so that no second
    name lookup can lead the connection elsewhere (DNS rebinding)."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    default = 443 if parsed.scheme == "https" else 80
    port = parsed.port or default
    literal = f"[{address}]" if address.version == 6 else str(address)
    userinfo = parsed.netloc.rpartition("@")[0]
    netloc = f"{userinfo + '@' if userinfo else ''}{literal}:{port}"
    host_is_literal = host.startswith("[") or _is_ip(host)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return Pinned(
        url=urlunparse(parsed._replace(netloc=netloc)),
        host_header=shown if port == default else f"{shown}:{port}",
        server_name=host if parsed.scheme == "https" and not host_is_literal else None,
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_url(url: str) -> list[Address]:
    """Webhook URLs: http(s) to a public address or one allowed by WORKBENCH_WEBHOOK_ALLOW."""
    from django.conf import settings

    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BlockedAddress("use an http:// or https:// URL with a host name")
    try:
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedAddress(f"the port is not valid: {exc}") from exc
    return check_host(
        parsed.hostname, port, allow=settings.WEBHOOK_ALLOW, setting="WORKBENCH_WEBHOOK_ALLOW"
    )
