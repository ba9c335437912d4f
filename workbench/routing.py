"""Websocket routes; each app adds its consumers here."""

from django.urls import path

from workbench.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
]
