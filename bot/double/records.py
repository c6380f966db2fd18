"""What the Bot API double records and answers with: calls, uploads and error answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """An error answer: HTTP status, description and optional `retry_after`."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded: its name, bytes and caption."""

    name: str
    content: bytes
    caption: str | None = None


def upload_of(value: Any, caption: str | None = None) -> Upload:
    """A multipart file as DoubleRequest or the HTTP server hands it over."""
    if not isinstance(value, dict) or "content" not in value:
        raise ApiError(400, "Bad Request: there is no file in the request")
    return Upload(value.get("file_name") or "file", value["content"], caption)


@dataclass
class Sent:
    """One thing the bot did in a chat: a message sent or edited, a callback answered…"""

    method: str
    chat_id: int | None
    message_id: int | None = None
    text: str | None = None
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)
    at: float = 0.0  # when the double answered it (`FakeTelegram.clock`)
    origin: str | None = None  # which bot process called (`DoubleRequest(origin=…)`)

    @property
    def labels(self) -> list[str]:
        """Every button label, row by row."""
        return [label for row in self.buttons for label, _ in row]


def busiest_second(times: list[float]) -> int:
    """The most calls in any one-second window [t, t + 1) starting at a call (`Sent.at`)."""
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def buttons_of(markup: dict | None) -> list[list[tuple[str, str]]]:
    """The (label, callback data or url) of every inline button, row by row."""
    if not markup:
        return []
    return [
        [(b.get("text", ""), b.get("callback_data") or b.get("url") or "") for b in row]
        for row in markup.get("inline_keyboard", [])
    ]
