import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

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


def run_async(coro):
    """Run in a thread of its own: browser tests may leave an event loop in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_websocket_through_the_real_server(web, user):
    client = _login(web)
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    ws_url = web.replace("http://", "ws://") + "/ws/ping/"
    reply = run_async(_ping(ws_url, cookie))
    assert reply == {"type": "pong", "user": "alice", "echo": {"hello": 1}}

    # Anonymous: refused during the handshake.
    with pytest.raises(websockets.exceptions.InvalidStatus, match="403"):
        run_async(_ping(ws_url, None))
