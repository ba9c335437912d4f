"""Open websockets stop as soon as access ends: removed from the project (4404), logged out or
password changed (4401). Through the real web server and channel layer."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import websockets
from channels.layers import get_channel_layer

from projects import services
from projects.models import Membership, Role
from scheduler.live import publish_status, send

PASSWORD = "watch-pass-1"


def run_async(coro):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture
def member(make_user, owner, project):
    user = make_user("watcher", password=PASSWORD)
    services.member_set(project=project, actor=owner, user=user, role=Role.VIEWER)
    return user


@pytest.fixture
def browser(web, member):
    """A logged-in browser session against the real server."""
    client = httpx.Client(base_url=web, timeout=10)
    csrf = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    response = client.post(
        "/api/v1/auth/login/",
        json={"username": "watcher", "password": PASSWORD},
        headers={"X-CSRFToken": csrf, "Referer": web},
    )
    assert response.status_code == 200, response.text
    client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
    client.headers["Referer"] = web
    yield client
    client.close()


class _Socket:
    def __init__(self, browser: httpx.Client, path: str):
        self.url = str(browser.base_url).replace("http://", "ws://").rstrip("/") + path
        self.cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


class _Event:
    def __init__(self, project_id, instance_id=1):
        self.project_id, self.instance_id = project_id, instance_id
        self.from_status, self.to_status, self.reason, self.attempt = "pending", "queued", "", 0


def _closing(change):
    """Run `change` and close the database connection of the thread it ran in."""

    def run():
        from django.db import connections

        try:
            change()
        finally:
            connections.close_all()

    return run


async def _sent_on():
    """Wait until what this process queued for the channel layer (a change's access check) has
    reached it. The sender thread sends its batches one after another: once a marker queued
    after the check has come back, and then a second marker, the batch that held it is done."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("test_probe", channel)
    try:
        for marker in ("queued after the check", "sent after its batch"):
            send("test_probe", {"type": "probe", "marker": marker})
            while (await asyncio.wait_for(layer.receive(channel), 10))["marker"] != marker:
                pass
    finally:
        await layer.group_discard("test_probe", channel)


async def _watch_until(socket: _Socket, change, project_id, *, stays_open=False):
    """Connect, see one event, `change` access (in a thread: it writes to the database), then
    return what the socket gets: its close code, or, where it `stays_open`, the next event.

    A change made here is checked before the next event reaches the socket (its check is sent
    first, see _sent_on). A logout is sent by the web server: events are published until the
    socket closes."""
    async with websockets.connect(
        socket.url, additional_headers={"Cookie": socket.cookie}, origin="http://127.0.0.1"
    ) as ws:
        for _ in range(50):  # the consumer joins its groups just before it accepts
            publish_status([_Event(project_id)])
            try:
                first = json.loads(await asyncio.wait_for(ws.recv(), 0.2))
                break
            except TimeoutError:
                continue
        assert first["type"] == "instance.status"
        await asyncio.get_running_loop().run_in_executor(None, _closing(change))
        await _sent_on()
        event = None
        for _ in range(50):  # instance 2: an event sent after the change, not one before it
            publish_status([_Event(project_id, instance_id=2)])
            try:
                event = json.loads(await asyncio.wait_for(ws.recv(), 0.2))
            except TimeoutError:
                continue
            except websockets.exceptions.ConnectionClosed as closed:
                return {"closed": closed.rcvd.code if closed.rcvd else None}
            if stays_open and event["changes"][0]["instance"] == 2:
                return {"event": event}
        return {"event": event}


def test_a_removed_member_stops_receiving(project, owner, member, browser):
    def remove():
        services.member_remove(
            project=project,
            actor=owner,
            membership=Membership.objects.get(project=project, user=member),
        )

    path = f"/ws/projects/{project.id}/events/"
    frame = run_async(_watch_until(_Socket(browser, path), remove, project.id))
    assert frame == {"closed": 4404}


def test_a_logout_closes_the_sessions_sockets(project, browser):
    def logout():
        assert browser.post("/api/v1/auth/logout/").status_code == 204, "logout"

    path = f"/ws/projects/{project.id}/events/"
    frame = run_async(_watch_until(_Socket(browser, path), logout, project.id))
    assert frame == {"closed": 4401}


def test_a_password_change_closes_the_users_sockets(project, member, browser):
    def change_password():
        member.set_password("another-pass-2")
        member.save()

    path = f"/ws/projects/{project.id}/events/"
    frame = run_async(_watch_until(_Socket(browser, path), change_password, project.id))
    assert frame == {"closed": 4401}


def test_a_deleted_project_closes_its_sockets(project, owner, member, browser):
    def delete():
        services.project_delete(project=project, actor=owner)

    path = f"/ws/projects/{project.id}/events/"
    frame = run_async(_watch_until(_Socket(browser, path), delete, project.id))
    assert frame == {"closed": 4404}


def test_a_role_change_keeps_a_member_listening(project, owner, member, browser):
    def promote():
        services.member_set(project=project, actor=owner, user=member, role=Role.OPERATOR)

    path = f"/ws/projects/{project.id}/events/"
    frame = run_async(_watch_until(_Socket(browser, path), promote, project.id, stays_open=True))
    assert frame["event"]["type"] == "instance.status"
