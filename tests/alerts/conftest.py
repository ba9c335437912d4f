import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from tests.stack import free_port


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


class Receiver:
    """A real HTTP server on loopback recording webhook requests; can be down, then up."""

    def __init__(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.requests: list[dict] = []
        self.status = 200
        self.answer = b"{}"  # the body of every answer (a chat's own success or error code)
        self._server = None

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "raw": body,
                        "json": json.loads(body),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(receiver.answer)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def smtp(monkeypatch, settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture
def fast_retries(monkeypatch, settings):
    """Settings for this process and for the worker started after it."""
    env = {
        "ALERTS_RETRY_BASE_SECONDS": "0.3",
        "ALERTS_RETRY_MAX_SECONDS": "1",
        "WORKBENCH_WEBHOOK_ALLOW": "127.0.0.1/32",
        "ALERTS_WATCH_SECONDS": "0.2",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings.ALERTS_RETRY_BASE_SECONDS = 0.3
    settings.ALERTS_RETRY_MAX_SECONDS = 1
    settings.WEBHOOK_ALLOW = ["127.0.0.1/32"]
    settings.ALERTS_WATCH_SECONDS = 0.2
    return env


@pytest.fixture
def alert_worker(fast_retries, transactional_db, log_dir):
    from tests.stack import start_worker

    proc = start_worker(log_dir)
    yield proc
    proc.stop()


@pytest.fixture
def owner(make_user):
    return make_user("alert-owner", email="owner@example.com")


@pytest.fixture
def project_fields():
    return {"name": "alerting", "timezone": "UTC"}
