"""Websocket routes; each app adds its consumers here."""

from django.urls import path

from scheduler.consumers import ProjectEventsConsumer
from workbench.consumers import PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/projects/<int:project_id>/events/", ProjectEventsConsumer.as_asgi()),
    path(
        "ws/projects/<int:project_id>/instances/<int:instance_id>/", ProjectEventsConsumer.as_asgi()
    ),
]
