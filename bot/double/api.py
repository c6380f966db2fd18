"""The Bot API double's state and answers: chats, messages, recorded calls, injected failures."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

from bot.double.records import ApiError, Sent, Upload, buttons_of, upload_of

BOT_TOKEN = "123456:TEST-double-token"
BOT_ID = 123456
_JSON_FIELDS = (
    "reply_markup",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "media",
)
# Methods the double accepts and answers with True, doing nothing.
_ACCEPTED = frozenset({"deleteMyCommands", "deleteWebhook", "setWebhook", "close"})


class FakeTelegram:
    """Answers Bot API methods like Telegram would, for the chats it has seen."""

    def __init__(self, username: str = "WargaTangguhBot") -> None:
        self.username = username
        self.calls: list[Sent] = []
        # Called with every call recorded, as it happens: how the console shows what the bot
        # sends on its own (broadcast progress and summaries, nudges), not only replies.
        self.listeners: list[Callable[[Sent], None]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.commands: dict[str, list[dict]] = {}
        self.blocked: set[int] = set()
        self.unreachable = False  # True: every call fails as if Telegram could not be reached
        # Seconds every call waits before it is answered: a real Bot API call costs one network
        # round trip (about 0.05 s from Europe, 0.15-0.25 s from Jakarta). 0 answers at once.
        self.delay = 0.0
        # A closed gate (an unset asyncio.Event) holds every call until a test opens it: how a
        # test keeps an update in the middle of its handling without timing. `held` counts them.
        self.gate: asyncio.Event | None = None
        self.held = 0
        self.failures: dict[int, list[ApiError]] = {}
        self.clock: Callable[[], float] = time.time  # stamps every call (a manual one in tests)
        self.throttled: list[Sent] = []  # sends answered with 429 by `throttle`
        self._throttle: tuple[int, int] | None = None  # (every n-th send, retry_after)
        self._sends = 0
        self._origin: str | None = None
        self.callback_chats: dict[str, int] = {}
        self.updates: asyncio.Queue[dict] = asyncio.Queue()
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)

    # -- what tests and the console use --------------------------------------------------------
    def bot_user(self) -> dict[str, Any]:
        """The bot's own User object."""
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Warga Tangguh",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def next_update_id(self) -> int:
        """A fresh update id."""
        return next(self._update_ids)

    def new_message_id(self) -> int:
        """A fresh message id (one sequence for the whole double, as good as per chat)."""
        return next(self._message_ids)

    def sent_to(self, chat_id: int) -> list[Sent]:
        """Everything the bot did in one chat, in order."""
        return [c for c in self.calls if c.chat_id == chat_id]

    def fail(
        self,
        chat_id: int,
        status: int,
        description: str,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `times` sends to `chat_id` fail like Telegram would."""
        errors = self.failures.setdefault(chat_id, [])
        errors.extend(ApiError(status, description, retry_after) for _ in range(times))

    def throttle(self, every: int, retry_after: int) -> None:
        """Answer 429 ("Too Many Requests") to every `every`-th send; `every=0` stops it."""
        self._throttle = (every, retry_after) if every else None

    # -- the Bot API ---------------------------------------------------------------------------
    async def round_trip(self) -> None:
        """Wait as long as one Bot API round trip takes (`delay`), without blocking the loop;
        first wait for the gate, if one is closed."""
        if self.gate is not None and not self.gate.is_set():
            self.held += 1
            try:
                await self.gate.wait()
            finally:
                self.held -= 1
        if self.delay > 0:
            await asyncio.sleep(self.delay)

    def call(self, method: str, params: dict[str, Any], origin: str | None = None) -> Any:
        """Answer one Bot API call; raises ApiError for an error answer."""
        params = {
            k: (json.loads(v) if k in _JSON_FIELDS and isinstance(v, str) else v)
            for k, v in params.items()
        }
        if method in _ACCEPTED:
            return True
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            raise ApiError(400, f"Bad Request: method {method} is not in the double")
        self._origin = origin
        return handler(params)

    def _check_throttle(self, chat_id: int, params: dict[str, Any]) -> None:
        if self._throttle is None:
            return
        self._sends += 1
        every, retry_after = self._throttle
        if self._sends % every == 0:
            self.throttled.append(
                Sent("429", chat_id, params=params, at=self.clock(), origin=self._origin)
            )
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def _check_chat(self, params: dict[str, Any]) -> int:
        chat_id = int(params["chat_id"])
        self._check_throttle(chat_id, params)
        pending = self.failures.get(chat_id)
        if pending:
            raise pending.pop(0)
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _record(
        self,
        method: str,
        chat_id: int | None,
        message: dict | None,
        params: dict[str, Any],
        files: list[Upload] | None = None,
    ) -> None:
        self._append(
            Sent(
                method,
                chat_id,
                message["message_id"] if message else None,
                (message.get("text") or message.get("caption")) if message else None,
                buttons_of(message.get("reply_markup")) if message else [],
                params,
                files=files or [],
                at=self.clock(),
                origin=self._origin,
            )
        )

    def _append(self, call: Sent) -> None:
        self.calls.append(call)
        for listener in self.listeners:
            listener(call)

    def _message(self, chat_id: int, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = {
            "message_id": self.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": self.bot_user(),
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user()

    def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(params)
        message = self._message(chat_id, params, text=params["text"])
        self._record("sendMessage", chat_id, message, params)
        return message

    def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(params)
        photo = _photo(f"photo-{chat_id}-{len(self.calls)}")
        message = self._message(chat_id, params, photo=photo, caption=params.get("caption"))
        value = params.get("photo")  # bytes uploaded, or the file_id of an earlier photo
        uploaded = isinstance(value, dict) and "content" in value
        self._record(
            "sendPhoto",
            chat_id,
            message,
            params,
            [upload_of(value, params.get("caption"))] if uploaded else None,
        )
        return message

    def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._check_chat(params)
        upload = upload_of(params.get("document"), params.get("caption"))
        document = {
            "file_id": f"document-{chat_id}-{len(self.calls)}",
            "file_unique_id": "d",
            "file_name": upload.name,
            "file_size": len(upload.content),
        }
        message = self._message(chat_id, params, document=document, caption=params.get("caption"))
        self._record("sendDocument", chat_id, message, params, [upload])
        return message

    def _sendMediaGroup(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat_id = self._check_chat(params)
        media = params.get("media") or []
        if not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media in the group")
        group_id = f"group-{len(self.calls)}"
        messages: list[dict[str, Any]] = []
        uploads: list[Upload] = []
        for item in media:
            attached = str(item.get("media", "")).removeprefix("attach://")
            uploads.append(upload_of(params.get(attached), item.get("caption")))
            photo = _photo(f"photo-{chat_id}-{len(self.calls)}-{len(messages)}")
            messages.append(
                self._message(
                    chat_id, {}, photo=photo, caption=item.get("caption"), media_group_id=group_id
                )
            )
        self._record("sendMediaGroup", chat_id, messages[0], params, uploads)
        return messages

    def _edit(self, method: str, params: dict[str, Any], **changes: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        key = (chat_id, int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        message = self.messages[key]
        new = {**message, **changes}
        if params.get("reply_markup"):
            new["reply_markup"] = params["reply_markup"]
        else:
            new.pop("reply_markup", None)
        if new == message:
            raise ApiError(400, "Bad Request: message is not modified")
        new["edit_date"] = int(time.time())
        self.messages[key] = new
        self._record(method, chat_id, new, params)
        return new

    def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit("editMessageText", params, text=params["text"])

    def _editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit("editMessageReplyMarkup", params)

    def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        chat_id = self.callback_chats.get(str(params.get("callback_query_id")))
        self._append(Sent("answerCallbackQuery", chat_id, None, params.get("text"), [], params))
        return True

    def _setMyCommands(self, params: dict[str, Any]) -> bool:
        scope = params.get("scope") or {"type": "default"}
        key = f"{scope.get('type')}:{scope.get('chat_id', '')}:{params.get('language_code', '')}"
        self.commands[key] = params["commands"]
        return True

    def _sendChatAction(self, params: dict[str, Any]) -> bool:
        self._check_chat(params)
        return True

    def _getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        updates = []
        while not self.updates.empty():
            updates.append(self.updates.get_nowait())
        return updates


def _photo(file_id: str) -> list[dict[str, Any]]:
    """A sent photo as Telegram describes it: its sizes (one, 1200 x 800)."""
    return [{"file_id": file_id, "file_unique_id": "p", "width": 1200, "height": 800}]
