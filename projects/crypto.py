"""Encryption of stored credentials with rotatable keys (MultiFernet: newest key first)."""

import base64
import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(secret: str) -> bytes:
    """A Fernet key from an arbitrary secret string (so local runs need no extra setting)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"workbench", info=b"credentials").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


def _as_key(value: str) -> bytes:
    try:
        Fernet(value.encode())
        return value.encode()
    except (ValueError, TypeError):
        return _derive(value)


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("no encryption key: set WORKBENCH_SECRET_KEYS or SECRET_KEY")
    return MultiFernet([Fernet(_as_key(key)) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(settings.WORKBENCH_SECRET_KEYS) or (settings.SECRET_KEY,)
    return _fernet(keys)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "a stored credential cannot be decrypted with the configured keys "
            "(was WORKBENCH_SECRET_KEYS changed without keeping the old key?)"
        ) from None


def encrypt_json(data: dict) -> str:
    return encrypt(json.dumps(data, sort_keys=True)) if data else ""


def decrypt_json(token: str) -> dict:
    return json.loads(decrypt(token)) if token else {}


def rotate(token: str) -> str:
    """Re-encrypt with the newest key (after adding a key in front of WORKBENCH_SECRET_KEYS)."""
    return fernet().rotate(token.encode()).decode() if token else token
