import re

from django.conf import settings

from projects.drivers.base import Driver, DriverError
from workbench import netguard

_HOST = re.compile(r"^[A-Za-z0-9._:\-\[\]]{1,253}$")


def checked_addresses(config: dict) -> list[str]:
    """The addresses a connection may use, after the outbound guard; DriverError if none."""
    host = config.get("host") or ""
    port = int(config.get("port") or 5432)
    try:
        addresses = netguard.check_host(
            host,
            port,
            allow=settings.WORKBENCH_DATASOURCE_ALLOW,
            setting="WORKBENCH_DATASOURCE_ALLOW",
        )
    except netguard.BlockedAddress as exc:
        raise DriverError(str(exc)) from None
    if _is_application_database(config, addresses):
        raise DriverError("this is the application's own database; it cannot be a data source")
    return [str(a) for a in addresses]


def _is_application_database(config: dict, addresses) -> bool:
    app = settings.DATABASES["default"]
    if not app["ENGINE"].endswith("postgresql"):
        return False
    if config.get("database") != app["NAME"]:
        return False
    if int(config.get("port") or 5432) != int(app.get("PORT") or 5432):
        return False
    try:
        app_addresses = netguard.resolve(app.get("HOST") or "localhost", 5432)
    except netguard.BlockedAddress:
        return False
    return any(netguard.same_host(a, b) for a in addresses for b in app_addresses)


class PostgresDriver(Driver):
    kind = "postgres"
    config_fields = ("host", "database", "user")
    optional_fields = ("port", "options", "sslmode")
    secret_fields = ("password",)
    version_sql = "SELECT version()"

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
                checked_addresses(config)
            except DriverError as exc:
                if "cannot resolve" not in str(exc):  # a name the workers may still resolve
                    errors["host"] = str(exc)
        return errors

    def connect(self, config: dict, secret: dict, *, project_id: int):
        import psycopg2

        addresses = checked_addresses(config)
        conn = psycopg2.connect(
            host=config["host"],
            hostaddr=addresses[0],  # the checked address, not a second lookup (DNS rebinding)
            port=int(config.get("port") or 5432),
            dbname=config["database"],
            user=config["user"],
            password=secret.get("password") or None,
            options=config.get("options") or None,
            sslmode=config.get("sslmode") or None,
            connect_timeout=10,
        )
        conn.autocommit = True
        return conn

    def problems(self, config: dict, *, project_id: int) -> list[str]:
        found = list(super().validate_config(config).values())
        if not found:
            try:
                checked_addresses(config)
            except DriverError as exc:
                found.append(str(exc))
        return found

    def cancel(self, conn, cursor) -> None:
        conn.cancel()
