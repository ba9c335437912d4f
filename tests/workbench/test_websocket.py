import asyncio
import json

import httpx
import pytest
import websockets


def _login(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base)
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    response = client.post(
        "/api/v1/auth/login/",
        json={"username": "alice", "password": "pw-123456"},
        headers={"X-CSRFToken": token, "Referer": base},
    )
    assert response.status_code == 200, response.text
    return client


async def _ping(url: str, cookie: str | None):
    headers = {"Cookie": cookie} if cookie else {}
    async with websockets.connect(url, additional_headers=headers, origin="http://127.0.0.1") as ws:
        await ws.send(json.dumps({"hello": 1}))
        return json.loads(await asyncio.wait_for(ws.recv(), 5))


def test_websocket_through_the_real_server(web, user):
    client = _login(web)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    ws_url = web.replace("http://", "ws://") + "/ws/ping/"
    reply = asyncio.run(_ping(ws_url, cookie))
    assert reply == {"type": "pong", "user": "alice", "echo": {"hello": 1}}

    # Anonymous: refused during the handshake.
    with pytest.raises(websockets.exceptions.InvalidStatus, match="403"):
        asyncio.run(_ping(ws_url, None))
