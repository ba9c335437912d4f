import os
import tempfile
from pathlib import Path

from .env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def _default_data_dir() -> str:
    # A test run gets a data folder of its own (SQLite test database, embedded Redis socket,
    # run folders), so two runs on one machine never share a database or a broker.
    if os.environ.get("PYTEST_VERSION"):
        return tempfile.mkdtemp(prefix="workbench-test-")
    return str(BASE_DIR / "var")


DATA_DIR = Path(env_str("WORKBENCH_DATA_DIR", "") or _default_data_dir()).resolve()
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
