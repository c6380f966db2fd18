"""The Bot API double over HTTP, as a self-hosted Bot API server would serve it.

`serve(api)` listens on 127.0.0.1 and answers `POST /bot<token>/<method>` with form, JSON or
multipart bodies, long-polling `getUpdates` from `api.updates`. Point TELEGRAM_API_BASE_URL at
`http://127.0.0.1:<port>/bot` and the real HTTPXRequest stack talks to it.
"""

from __future__ import annotations

import asyncio
import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from bot.double.api import FakeTelegram
from bot.double.records import ApiError
from bot.double.request import encode, encode_error

MAX_POLL_SECONDS = 1.0


def _form(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name or not isinstance(name, str):  # none, or an RFC 2231 triple
                continue
            if part.get_filename() is None:
                fields[name] = part.get_content()
            else:
                fields[name] = {
                    "file_name": part.get_filename(),
                    "content": part.get_payload(decode=True),
                }
        return fields
    return dict(parse_qsl(body.decode()))


async def _answer(api: FakeTelegram, method: str, params: dict) -> tuple[int, bytes]:
    if method == "getUpdates":
        timeout = min(float(params.get("timeout", 0) or 0), MAX_POLL_SECONDS)
        if api.updates.empty() and timeout:
            try:
                first = await asyncio.wait_for(api.updates.get(), timeout)
            except TimeoutError:
                return 200, encode([])
            api.updates.put_nowait(first)
    else:
        await api.round_trip()
    try:
        return 200, encode(api.call(method, params))
    except ApiError as error:
        return error.status, encode_error(error)


async def _handle(
    api: FakeTelegram, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            _, path, _ = request_line.decode().split(" ", 2)
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                key, _, value = line.decode().partition(":")
                headers[key.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", 0)))
            method = path.rstrip("/").rsplit("/", 1)[-1]
            status, payload = await _answer(
                api, method, _form(headers.get("content-type", ""), body)
            )
            writer.write(
                f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        writer.close()


async def serve(api: FakeTelegram, port: int = 0) -> asyncio.Server:
    """Start serving on 127.0.0.1 (`port` 0 picks a free one: see `server.sockets`)."""
    return await asyncio.start_server(lambda r, w: _handle(api, r, w), "127.0.0.1", port)
