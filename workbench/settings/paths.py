from pathlib import Path

from .env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("WORKBENCH_DATA_DIR", str(BASE_DIR / "var"))).resolve()
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
