"""The front end's API types (frontend/src/api/schema.d.ts) are generated from the current schema.

The pages call the server through a client typed by it (src/api/client.ts), so `tsc -b` fails
when a call no longer matches the schema; this test makes sure that schema is the current one.
"""

import subprocess
import sys

from tests.stack import ROOT, child_env


def test_frontend_api_types_match_the_openapi_schema(tmp_path):
    schema = tmp_path / "openapi.yaml"
    types = tmp_path / "schema.d.ts"
    made = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--file", str(schema)],
        cwd=ROOT,
        # Integer ranges in the schema follow the database; the committed types use SQLite's.
        env=child_env(DATABASE_URL="", WORKBENCH_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    subprocess.run(
        [
            "npx",
            "--no-install",
            "openapi-typescript",
            str(schema),
            "--default-non-nullable=false",
            "-o",
            str(types),
        ],
        cwd=ROOT / "frontend",
        check=True,
        capture_output=True,
    )
    committed = (ROOT / "frontend" / "src" / "api" / "schema.d.ts").read_text()
    assert types.read_text() == committed, "the API changed: run `make api-types` and commit"
