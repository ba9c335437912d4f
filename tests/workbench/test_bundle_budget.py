"""The login page's JavaScript stays within its budget (the bytes a browser downloads to show it).

Computed from the build: Vite's manifest says which chunks the entry imports and which the
login route loads; their compressed sizes are summed, as served (brotli, or gzip for browsers
without it). `python -m benchmarks first_load` measures the same in a browser, with times.
"""

import gzip
import json

import brotli
import pytest
from django.conf import settings

LOGIN_JS_BUDGET_KB = 300
LOGIN_ROUTE = "src/features/auth/LoginPage.tsx"
# Chunks that only the pages behind the login may load: the editor, the charts, the graphs.
HEAVY = ("StudioPage", "DesignerPage", "OperationsPage", "ComposedChart", "dagre", "AppLayout")


def _manifest() -> dict:
    path = settings.FRONTEND_DIST / ".vite" / "manifest.json"
    assert path.exists(), "the front end is not built: run `make frontend` (make test does)"
    return json.loads(path.read_text())


def login_chunks(manifest: dict) -> list[str]:
    """The JavaScript files the login page loads: the entry, the login route's chunk, and
    everything they import statically (a dynamic import is another route's business)."""
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    seen: list[str] = []

    def visit(key: str):
        if key not in seen:
            seen.append(key)
            for imported in manifest[key].get("imports", []):
                visit(imported)

    visit(entry)
    visit(LOGIN_ROUTE)
    return [manifest[key]["file"] for key in seen]


def _compressed(name: str, encoding: str) -> int:
    """The size as served: the copy `make frontend` wrote beside the file, else compressed here."""
    path = settings.FRONTEND_DIST / name
    beside = path.with_name(f"{path.name}.{encoding}")
    if beside.exists():
        return beside.stat().st_size
    data = path.read_bytes()
    return len(brotli.compress(data) if encoding == "br" else gzip.compress(data, 9))


def test_the_walk_follows_static_imports_only():
    manifest = {
        "index.html": {"file": "assets/index.js", "isEntry": True, "imports": ["_react.js"],
                       "dynamicImports": [LOGIN_ROUTE, "src/features/studio/StudioPage.tsx"]},
        "_react.js": {"file": "assets/react.js"},
        "_form.js": {"file": "assets/form.js", "imports": ["_react.js"]},
        LOGIN_ROUTE: {"file": "assets/LoginPage.js", "imports": ["index.html", "_form.js"]},
        "src/features/studio/StudioPage.tsx": {"file": "assets/StudioPage.js"},
    }  # fmt: skip
    assert login_chunks(manifest) == [
        "assets/index.js",
        "assets/react.js",
        "assets/LoginPage.js",
        "assets/form.js",
    ]


def test_the_login_page_loads_no_page_behind_the_login():
    files = login_chunks(_manifest())
    assert any("LoginPage" in name for name in files)
    assert any("vendor-react" in name for name in files)
    heavy = [name for name in files if any(f"/{chunk}" in name for chunk in HEAVY)]
    assert not heavy, f"the login page loads {heavy}"


@pytest.mark.parametrize("encoding", ["br", "gz"])
def test_the_login_page_javascript_is_within_budget(encoding):
    files = login_chunks(_manifest())
    sizes = {name: _compressed(name, encoding) for name in files}
    total_kb = sum(sizes.values()) / 1024
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert total_kb <= LOGIN_JS_BUDGET_KB, (
        f"the login page's JavaScript is {total_kb:.0f} KB ({encoding}), over its budget of "
        f"{LOGIN_JS_BUDGET_KB} KB; largest: {[(n, round(s / 1024)) for n, s in largest]}"
    )
