"""Serves the single-page app's index.html for every browser route.

The page names, as `modulepreload` links, the code of the route it was asked for (and of the
frame around the pages): the browser downloads it alongside the entry's code, instead of only
once the entry has run and the router has matched the route. Which files those are comes from
the build's manifest (Vite's `build.manifest`).
"""

import functools
import json
from html import escape

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

NOT_BUILT = """<!doctype html><title>Workbench</title>
<h1>Workbench</h1><p>The front end is not built yet. Run <code>make run</code>
(or <code>cd frontend && npm ci && npm run build</code>).</p>
<p>The API is at <a href="/api/v1/docs/">/api/v1/docs/</a>.</p>"""

# The chunk of each section's page, by its name in the manifest (frontend/src/routes.tsx).
PAGES = {
    "login": "LoginPage",
    "studio": "StudioPage",
    "designer": "DesignerPage",
    "operations": "OperationsPage",
    "quality": "QualityPage",
    "alerts": "AlertsPage",
    "settings": "SettingsPage",
}
# Around every page but the login page.
FRAME = ("RequireAuth", "AppLayout")


@functools.lru_cache(maxsize=2)
def _manifest(mtime: float) -> dict:
    path = settings.FRONTEND_DIST / ".vite" / "manifest.json"
    return json.loads(path.read_text())


def _current_manifest() -> dict:
    path = settings.FRONTEND_DIST / ".vite" / "manifest.json"
    try:
        return _manifest(path.stat().st_mtime)
    except (FileNotFoundError, ValueError):
        return {}


def route_chunks(manifest: dict, path: str) -> list[str]:
    """The files (as named in the build) that the route at `path` loads besides what the entry
    loads itself: its page and the frame, with everything they import statically."""
    section = path.strip("/").split("/", 1)[0]
    names = [PAGES[section]] if section in PAGES else []
    if section != "login":
        names = [*FRAME, *names]
    by_name = {
        chunk.get("name"): key for key, chunk in manifest.items() if chunk.get("isDynamicEntry")
    }
    entry = next((key for key, chunk in manifest.items() if chunk.get("isEntry")), None)
    loaded: set[str] = set()

    def visit(key: str, into: list[str]):
        if key in loaded or key not in manifest:
            return
        loaded.add(key)
        into.append(manifest[key]["file"])
        for imported in manifest[key].get("imports", []):
            visit(imported, into)

    if entry:
        visit(entry, [])  # the entry and its imports: index.html names them already
    chunks: list[str] = []
    for name in names:
        if name in by_name:
            visit(by_name[name], chunks)
    return chunks


def _with_preloads(html: str, files: list[str]) -> str:
    links = "".join(
        f'<link rel="modulepreload" crossorigin href="{escape(settings.STATIC_URL + file)}">'
        for file in files
        if file.endswith(".js")
    )
    return html.replace("</head>", f"{links}</head>", 1) if links else html


@ensure_csrf_cookie
def index(request, path=""):
    index_file = settings.FRONTEND_DIST / "index.html"
    try:
        html = index_file.read_text()
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT)
    html = _with_preloads(html, route_chunks(_current_manifest(), request.path))
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"  # it names the current build's assets
    return response
