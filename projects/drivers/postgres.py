import ipaddress

from django.conf import settings

from projects.drivers.base import DriverError
from projects.drivers.network import NetworkDriver
from workbench import netguard


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


class PostgresDriver(NetworkDriver):
    kind = "postgres"
    optional_fields = ("port", "options", "sslmode")
    default_port = 5432
    version_sql = "SELECT version()"

    def checked_addresses(self, config: dict) -> list[str]:
        addresses = super().checked_addresses(config)
        if _is_application_database(config, [ipaddress.ip_address(a) for a in addresses]):
            raise DriverError("this is the application's own database; it cannot be a data source")
        return addresses

    def connect(self, config: dict, secret: dict, *, project_id: int):
        import psycopg2

        addresses = self.checked_addresses(config)
        conn = psycopg2.connect(
            host=config["host"],
            hostaddr=addresses[0],  # the checked address, not a second lookup (DNS rebinding)
            port=self.port(config),
            dbname=config["database"],
            user=config["user"],
            password=secret.get("password") or None,
            options=config.get("options") or None,
            sslmode=config.get("sslmode") or None,
            connect_timeout=10,
        )
        conn.autocommit = True
        return conn

    def cancel(self, conn, cursor) -> None:
        conn.cancel()
