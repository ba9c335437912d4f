"""The built front end is served compressed, and its hashed files are cached for good."""

import json

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _built_script() -> str:
    scripts = sorted((settings.FRONTEND_DIST / "assets").glob("*.js"))
    assert scripts, "the front end is not built: run `make frontend` (make test does)"
    return scripts[0].name


@pytest.mark.parametrize("accept,encoding", [("br, gzip", "br"), ("gzip", "gzip"), ("", None)])
def test_a_hashed_asset_is_compressed_and_immutable(client, accept, encoding):
    name = _built_script()
    response = client.get(f"/static/assets/{name}", HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200
    assert response.get("Content-Encoding") == encoding
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_the_page_that_names_the_assets_is_asked_for_every_time(client):
    _built_script()
    response = client.get("/operations/instances")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert b"/static/assets/" in response.content


def test_the_page_names_the_code_of_its_route_to_download_at_once(client):
    """/operations/... preloads the operations page and the frame; the login page only its form
    (so that its own download stays small), and nothing is named twice."""
    from workbench.spa import route_chunks

    _built_script()
    manifest = json.loads((settings.FRONTEND_DIST / ".vite" / "manifest.json").read_text())
    file_of = {chunk.get("name"): chunk["file"] for chunk in manifest.values()}

    operations = client.get("/operations/instances").content.decode()
    for name in ("OperationsPage", "AppLayout", "RequireAuth"):
        assert f'rel="modulepreload" crossorigin href="/static/{file_of[name]}"' in operations
    assert file_of["StudioPage"] not in operations

    login = client.get("/login").content.decode()
    assert file_of["LoginPage"] in login and file_of["AppLayout"] not in login
    chunks = route_chunks(manifest, "/studio/nodes/3")
    assert file_of["StudioPage"] in chunks and len(chunks) == len(set(chunks))
    assert route_chunks({}, "/studio") == []  # no build, no links
