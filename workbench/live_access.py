"""Open websockets follow access as it changes, not only as it was when they connected.

Every consumer joins its user's group and its session's group. When a membership changes or a
project is deleted, when a user's password changes or the user is deactivated, the consumers
concerned re-check who they serve and close if they no longer may (4401: not logged in any more,
4404: no longer a member); a logout closes that session's sockets at once (4401). The front
end does not reconnect after these codes.
"""

import hashlib
import importlib

from django.contrib.auth import get_user

CHECK = {"type": "access.check"}
ENDED = {"type": "session.ended"}
NOT_LOGGED_IN = 4401
NOT_A_MEMBER = 4404


def user_group(user_id: int) -> str:
    return f"user_{user_id}"


def session_group(session_key: str) -> str:
    return f"session_{hashlib.sha256(session_key.encode()).hexdigest()[:32]}"


def _send(group: str, message: dict) -> None:
    from scheduler.live import send

    send(group, message)


def membership_changed(user_id: int) -> None:
    _send(user_group(user_id), CHECK)


def project_gone(project_id: int) -> None:
    from scheduler.live import project_group

    _send(project_group(project_id), CHECK)


def user_credentials_changed(user_id: int) -> None:
    _send(user_group(user_id), CHECK)


def session_ended(session_key: str) -> None:
    _send(session_group(session_key), ENDED)


def current_user(scope):
    """The user the socket's session stands for now (anonymous once it ended or its password
    changed), read afresh from the session store: not the copy loaded at connect time."""
    from django.conf import settings

    class _Request:
        pass

    session = scope.get("session")
    request = _Request()
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
    request.session = store(getattr(session, "session_key", None))
    return get_user(request)
