"""`DoubleRequest`: a python-telegram-bot request class that answers from `FakeTelegram`."""

from __future__ import annotations

import json

from telegram.request import BaseRequest, RequestData

from bot.double.api import FakeTelegram
from bot.double.records import ApiError


def encode(result: object) -> bytes:
    """A successful Bot API answer."""
    return json.dumps({"ok": True, "result": result}).encode()


def encode_error(error: ApiError) -> bytes:
    """An error Bot API answer, with `retry_after` where Telegram would send it."""
    body: dict = {"ok": False, "error_code": error.status, "description": error.description}
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return json.dumps(body).encode()


class DoubleRequest(BaseRequest):
    """Routes every Bot API call of the real PTB stack to an in-process `FakeTelegram`."""

    def __init__(self, api: FakeTelegram, origin: str | None = None) -> None:
        self.api = api
        self.origin = origin  # names the bot process in the calls the double records

    @property
    def read_timeout(self) -> float | None:
        """No network, so no real timeout."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url,
        method,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer `url`'s Bot API method from the double."""
        await self.api.round_trip()
        if self.api.unreachable:
            raise ConnectionError("Telegram is unreachable (double)")
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.contains_files:
            for name, (file_name, content, _mime) in request_data.multipart_data.items():
                data = content.read() if hasattr(content, "read") else content
                params[name] = {"file_name": file_name, "content": data}
        try:
            return 200, encode(self.api.call(api_method, params, self.origin))
        except ApiError as error:
            return error.status, encode_error(error)
