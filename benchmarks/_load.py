"""A small keep-alive HTTP/1.1 load generator on asyncio streams (light enough to share 2 cores)."""

import asyncio
import time
from urllib.parse import urlsplit


async def _client(host, port, request: bytes, stop_at: float, latencies: list, errors: list):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            if status >= 400:
                errors.append(status)
    finally:
        writer.close()


def load(url: str, *, clients: int, seconds: float, headers: dict[str, str] | None = None):
    """GET `url` from `clients` concurrent keep-alive connections for `seconds`.

    Returns (latencies in ms, error statuses).
    """
    parts = urlsplit(url)
    lines = [f"GET {parts.path or '/'} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors: list[int] = []

    async def main():
        stop_at = time.monotonic() + seconds
        await asyncio.gather(
            *(
                _client(parts.hostname, parts.port, request, stop_at, latencies, errors)
                for _ in range(clients)
            )
        )

    asyncio.run(main())
    return latencies, errors
