"""Serves the single-page app's index.html for every browser route."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

NOT_BUILT = """<!doctype html><title>Workbench</title>
<h1>Workbench</h1><p>The front end is not built yet. Run <code>make run</code>
(or <code>cd frontend && npm ci && npm run build</code>).</p>
<p>The API is at <a href="/api/v1/docs/">/api/v1/docs/</a>.</p>"""


@ensure_csrf_cookie
def index(request, path=""):
    index_file = settings.FRONTEND_DIST / "index.html"
    try:
        html = index_file.read_text()
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT)
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"  # it names the current build's assets
    return response
