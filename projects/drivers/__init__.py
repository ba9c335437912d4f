"""Data source drivers behind one small interface; more kinds register as plug-ins.

with connect(datasource) as conn:      # a DB-API 2 connection, closed on exit
    cursor = conn.cursor()
"""

from contextlib import contextmanager

from projects.drivers.base import Driver, DriverError
from projects.drivers.duckdb import DuckDBDriver
from projects.drivers.mysql import MySQLDriver
from projects.drivers.network import NetworkDriver
from projects.drivers.postgres import PostgresDriver
from projects.drivers.spark import SparkDriver
from projects.drivers.sqlite import SQLiteDriver

__all__ = [
    "Driver",
    "DriverError",
    "NetworkDriver",
    "connect",
    "get_driver",
    "kinds",
    "problems",
    "register",
]

_REGISTRY: dict[str, Driver] = {}


def register(driver: Driver) -> None:
    _REGISTRY[driver.kind] = driver


def get_driver(kind: str) -> Driver:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise DriverError(f"no driver for data source kind {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_REGISTRY)


@contextmanager
def connect(datasource):
    """For the application's own statements; user SQL on file engines runs in the sandbox (and
    every statement on a sandbox engine: each `execute` is a job there)."""
    from projects.crypto import decrypt_json

    driver = get_driver(datasource.kind)
    conn = driver.connect(
        datasource.config,
        decrypt_json(datasource.secret_encrypted),
        project_id=datasource.project_id,
    )
    try:
        yield conn
    finally:
        conn.close()


def problems(datasource) -> list[str]:
    """Why a stored data source may not be used under today's rules (empty when it may)."""
    try:
        driver = get_driver(datasource.kind)
    except DriverError as exc:
        return [str(exc)]
    return driver.problems(datasource.config, project_id=datasource.project_id)


for _driver in (DuckDBDriver(), SQLiteDriver(), PostgresDriver(), MySQLDriver(), SparkDriver()):
    register(_driver)
