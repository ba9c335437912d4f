"""Brute-force protection of every login path (the API's session login and token exchange,
the admin's login form): one authentication backend and two signal handlers.

Failed logins are counted in Redis per client address and user name, and per client address,
over a window of WORKBENCH_LOGIN_LOCKOUT_SECONDS. Once a count reaches its limit
(WORKBENCH_LOGIN_FAILURES, WORKBENCH_LOGIN_FAILURES_PER_ADDRESS), further attempts are refused
without looking at the password until the window ends: the API answers 429 with Retry-After,
the admin a 429 page. A successful login clears the count of that user name and address.

The client address is REMOTE_ADDR, or the address a trusted proxy put in X-Forwarded-For when
WORKBENCH_NUM_PROXIES says how many proxies stand in front (DRF's NUM_PROXIES rule).
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpResponse
from rest_framework.throttling import BaseThrottle

from workbench.redis_client import get_redis

log = logging.getLogger(__name__)
PREFIX = "workbench:login-failures:"
RETRY_AFTER = "login_retry_after"  # set on the request of an attempt refused here


def client_address(request) -> str:
    return BaseThrottle().get_ident(request) or "unknown"


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{PREFIX}{digest[:32]}"


def _counters(request, username: str) -> list[tuple[str, int]]:
    address = client_address(request)
    return [
        (_key("user", address, username.strip().lower()), settings.LOGIN_FAILURES),
        (_key("address", address), settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def blocked_for(request, username: str) -> int:
    """Seconds until `username` may try again from this client; 0 when it may now."""
    try:
        client = get_redis()
        wait = 0
        for key, limit in _counters(request, username):
            count = client.get(key)
            if count is not None and int(count) >= limit:
                wait = max(wait, client.ttl(key), 1)
        return wait
    except Exception:  # the broker is down: logins still work (and everything else warns)
        log.warning("could not read login failure counts", exc_info=True)
        return 0


def record_failure(request, username: str) -> None:
    window = settings.LOGIN_LOCKOUT_SECONDS
    try:
        pipe = get_redis().pipeline()
        for key, _ in _counters(request, username):
            pipe.set(key, 0, ex=window, nx=True)  # the window starts with the first failure
            pipe.incr(key)
        pipe.execute()
    except Exception:
        log.warning("could not count a failed login", exc_info=True)


def clear(request, username: str) -> None:
    try:
        get_redis().delete(_counters(request, username)[0][0])
    except Exception:
        log.warning("could not clear failed logins", exc_info=True)


class LoginGuardBackend(ModelBackend):
    """Django's user and password check behind the guard: attempts of a blocked user name and
    client are refused before any password is checked.

    The only backend that authenticates (ModelBackend stays listed after it for sessions
    started before it was): a failed check ends the attempt here instead of hashing again.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username is not None:
            wait = blocked_for(request, str(username))
            if wait:
                setattr(request, RETRY_AFTER, wait)
                raise PermissionDenied("too many failed logins")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username is not None:
            raise PermissionDenied("wrong user name or password")
        return user


@receiver(user_login_failed, dispatch_uid="workbench.login_guard.failed")
def _failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username")
    if request is not None and username is not None and not getattr(request, RETRY_AFTER, 0):
        record_failure(request, str(username))


@receiver(user_logged_in, dispatch_uid="workbench.login_guard.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        clear(request, user.get_username())


def retry_after(request) -> int:
    return getattr(request, RETRY_AFTER, 0)


def admin_login(view):
    """The admin's login view, answering 429 (with Retry-After) to a blocked attempt."""

    def guarded(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        wait = retry_after(request)
        if wait:
            response = HttpResponse(
                f"Too many failed logins. Try again in {wait} seconds.",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(wait)
        return response

    return guarded
