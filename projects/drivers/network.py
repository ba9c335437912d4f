"""What drivers of engines reached over the network share: a host checked by the outbound guard."""

import re

from django.conf import settings

from projects.drivers.base import Driver, DriverError
from workbench import netguard

_HOST = re.compile(r"^[A-Za-z0-9._:\-\[\]]{1,253}$")


class NetworkDriver(Driver):
    """An engine on a server: `host` and `port` go through the outbound guard, and connections
    use the address it checked (never a second lookup: DNS rebinding)."""

    config_fields = ("host", "database", "user")
    secret_fields = ("password",)
    default_port = 0

    def port(self, config: dict) -> int:
        return int(config.get("port") or self.default_port)

    def checked_addresses(self, config: dict) -> list[str]:
        """The addresses a connection may use, after the outbound guard; DriverError if none."""
        return guarded_addresses(config.get("host") or "", self.port(config))

    def validate_config(self, config: dict) -> dict[str, str]:
        errors = super().validate_config(config)
        host = config.get("host")
        if (
            "host" not in errors
            and host is not None
            and not (isinstance(host, str) and _HOST.match(host))
        ):
            errors["host"] = "a host name or an IP address"
        port = config.get("port")
        if port not in (None, ""):
            try:
                if not 0 < int(port) < 65536:
                    raise ValueError
            except (TypeError, ValueError):
                errors["port"] = "a port between 1 and 65535"
        if not errors and host:
            try:
                self.checked_addresses(config)
            except DriverError as exc:
                if "cannot resolve" not in str(exc):  # a name the workers may still resolve
                    errors["host"] = str(exc)
        return errors

    def problems(self, config: dict, *, project_id: int) -> list[str]:
        found = list(super().validate_config(config).values())
        if not found:
            try:
                self.checked_addresses(config)
            except DriverError as exc:
                found.append(str(exc))
        return found


def guarded_addresses(host: str, port: int) -> list[str]:
    """The addresses of `host` a data source may reach (the outbound guard with the data
    sources' allow-list); DriverError with the guard's reason if none."""
    try:
        addresses = netguard.check_host(
            host,
            port,
            allow=settings.WORKBENCH_DATASOURCE_ALLOW,
            setting="WORKBENCH_DATASOURCE_ALLOW",
        )
    except netguard.BlockedAddress as exc:
        raise DriverError(str(exc)) from None
    return [str(a) for a in addresses]
