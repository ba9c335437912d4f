import json
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.stack import ROOT
from workbench.settings.env import env_bool, env_int, env_list, env_secret
from workbench.settings.redis import celery_broker_url


@pytest.mark.parametrize(
    "raw,expected", [("true", True), ("False", False), ("1", True), ("off", False)]
)
def test_env_bool_reads_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env_int("X_INT", 1) == 42
    assert env_int("X_MISSING", 7) == 7
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be an integer"):
        env_int("X_INT", 1)


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "s3cret"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot read"):
        env_secret("X_SECRET")


def test_unix_socket_redis_becomes_a_kombu_socket_url():
    assert celery_broker_url("unix:///tmp/r.sock") == "redis+socket:///tmp/r.sock"
    assert celery_broker_url("redis://h:6379/2") == "redis://h:6379/2"


def _settings_in_child(env: dict, names: list[str]) -> dict | str:
    """Load the settings in a fresh interpreter with exactly these variables."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {names!r}}}))"
    )
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "workbench.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )
    if done.returncode != 0:
        return done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_embedded_defaults_with_nothing_set(tmp_path):
    got = _settings_in_child(
        {"WORKBENCH_DATA_DIR": str(tmp_path)},
        ["EMBEDDED_DATABASE", "EMBEDDED_REDIS", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG"],
    )
    assert got["EMBEDDED_DATABASE"] == "True"
    assert got["EMBEDDED_REDIS"] == "True"
    assert got["REDIS_URL"] == f"unix://{tmp_path}/redis.sock"
    assert got["CELERY_BROKER_URL"] == f"redis+socket://{tmp_path}/redis.sock"
    assert got["DEBUG"] == "True"


def test_production_shape_from_urls(tmp_path):
    got = _settings_in_child(
        {
            "WORKBENCH_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://u:p@db.example:5433/wb",
            "REDIS_URL": "redis://cache.example:6380/3",
            "EMAIL_URL": "smtp+tls://mailer:pw@mail.example:2525",
            "ALLOWED_HOSTS": "wb.example,api.example",
        },
        [
            "DATABASES",
            "CELERY_BROKER_URL",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "EMAIL_USE_TLS",
            "ALLOWED_HOSTS",
        ],
    )
    assert "'HOST': 'db.example'" in got["DATABASES"] and "'PORT': 5433" in got["DATABASES"]
    assert got["CELERY_BROKER_URL"] == "redis://cache.example:6380/3"
    assert (got["EMAIL_HOST"], got["EMAIL_PORT"], got["EMAIL_USE_TLS"]) == (
        "mail.example",
        "2525",
        "True",
    )
    assert got["ALLOWED_HOSTS"] == "['wb.example', 'api.example']"


def test_production_refuses_debug_and_a_missing_secret(tmp_path):
    err = _settings_in_child(
        {
            "WORKBENCH_DATA_DIR": str(tmp_path),
            "WORKBENCH_ENV": "production",
            "DEBUG": "true",
            "SECRET_KEY": "x",
        },
        ["DEBUG"],
    )
    assert "DEBUG must be false" in err
    err = _settings_in_child(
        {"WORKBENCH_DATA_DIR": str(tmp_path), "WORKBENCH_ENV": "production"}, ["DEBUG"]
    )
    assert "SECRET_KEY must be set" in err
