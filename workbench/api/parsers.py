"""Request bodies: JSON only, and only JSON every part of the system can store and send back.

Refused with a 400 that names the place, before any view sees the data:
- nesting deeper than MAX_DEPTH (Python's parser gives up with a RecursionError near 1,000
  levels; serializers, PostgreSQL and the renderer have limits of their own well before that);
- text holding NUL (PostgreSQL refuses it in text and JSONB, so it would fail later, half-way);
- text holding a lone UTF-16 surrogate such as "\\ud800" (valid JSON escapes, but not Unicode:
  such a value cannot be encoded as UTF-8, so every later answer holding it would fail).
"""

import codecs

from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

MAX_DEPTH = 32


class UnsafeInput(ParseError):
    pass


def text_problem(text: str) -> str | None:
    """Why `text` cannot be accepted, or None."""
    if "\x00" in text:
        return "text must not contain NUL characters"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "text must be valid Unicode (a lone surrogate such as \\ud800 is not)"
    return None


def _place(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def check_clean(data, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise UnsafeInput for data nested deeper than `max_depth` or holding unusable text.

    Iterative, so that its own depth does not depend on the data's.
    """
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise UnsafeInput(f"{_place(path)}: {problem}")
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise UnsafeInput(f"{_place(path)}: nested more than {max_depth} levels deep")
            if isinstance(value, dict):
                for key, item in value.items():
                    problem = text_problem(key)
                    if problem:
                        raise UnsafeInput(f"{_place(path)}: a key: {problem}")
                    stack.append((item, (*path, key), depth + 1))
            else:
                for index, item in enumerate(value):
                    stack.append((item, (*path, index), depth + 1))


class JSONParser(BaseParser):
    """DRF's JSON parser with the checks above; the API's only parser."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            text = codecs.getreader(encoding)(stream).read()
            parse_constant = json.strict_constant if api_settings.STRICT_JSON else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise UnsafeInput(f"body: nested more than {MAX_DEPTH} levels deep") from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        check_clean(data)
        return data
