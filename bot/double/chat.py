"""`ChatUser`: one Telegram user chatting with the bot through the double.

It builds real `telegram.Update` objects (messages, commands, button taps) and feeds them to the
real `Application`, then returns what the bot did in reply.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.double.api import FakeTelegram
from bot.double.records import Sent


@dataclass(eq=False)
class ChatUser:
    """A resident, moderator or staff member in a private chat with the bot."""

    app: Application
    api: FakeTelegram
    user_id: int
    first_name: str = "Sari"
    language_code: str | None = "id"

    @property
    def chat_id(self) -> int:
        """A private chat's id equals the user's id."""
        return self.user_id

    def _user(self) -> dict[str, Any]:
        user = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.api.new_message_id(),
            "date": int(time.time()),
            "chat": self._chat(),
            "from": self._user(),
            **content,
        }

    def _chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "private", "first_name": self.first_name}

    async def feed(self, update: dict[str, Any]) -> list[Sent]:
        """Process one raw update (and the long work it started, such as a report) and return
        what the bot did in this chat because of it."""
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        background = getattr(self.app.bot_data, "background", None)
        if background is not None:
            await background.idle()
        return [c for c in self.api.calls[before:] if c.chat_id in (self.chat_id, None)]

    def text_update(self, text: str, entities: list[dict] | None = None) -> dict[str, Any]:
        """The raw update of a typed message (a leading `/word` is a bot command)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        elif entities:
            content["entities"] = entities
        return {"update_id": self.api.next_update_id(), "message": self._message(**content)}

    async def send(self, text: str, entities: list[dict] | None = None) -> list[Sent]:
        """Type a message (a leading `/word` is a bot command; `entities` add formatting)."""
        return await self.feed(self.text_update(text, entities))

    async def send_media(self, kind: str) -> list[Sent]:
        """Send a sticker, photo or voice note."""
        media: dict[str, Any] = {
            "sticker": {
                "file_id": "s1",
                "file_unique_id": "s1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
            "photo": [{"file_id": "p1", "file_unique_id": "p1", "width": 90, "height": 90}],
            "voice": {"file_id": "v1", "file_unique_id": "v1", "duration": 3},
        }
        return await self.feed(
            {
                "update_id": self.api.next_update_id(),
                "message": self._message(**{kind: media[kind]}),
            }
        )

    async def block_bot(self) -> list[Sent]:
        """Block the bot: Telegram tells it with a `my_chat_member` update (status "kicked")."""
        bot = self.api.bot_user()
        return await self.feed(
            {
                "update_id": self.api.next_update_id(),
                "my_chat_member": {
                    "chat": self._chat(),
                    "from": self._user(),
                    "date": 0,
                    "old_chat_member": {"status": "member", "user": bot},
                    "new_chat_member": {"status": "kicked", "until_date": 0, "user": bot},
                },
            }
        )

    def last_message(self) -> dict[str, Any]:
        """The newest message the bot sent in this chat (as it stands now)."""
        mine = [m for (chat_id, _), m in self.api.messages.items() if chat_id == self.chat_id]
        return max(mine, key=lambda m: m["message_id"])

    def last_with_buttons(self) -> dict[str, Any]:
        """The newest message in this chat that still has buttons."""
        for (chat_id, _), message in sorted(
            self.api.messages.items(), reverse=True, key=lambda kv: kv[0][1]
        ):
            if chat_id == self.chat_id and message.get("reply_markup"):
                return message
        raise AssertionError("no message with buttons in this chat")

    def message(self, message_id: int) -> dict[str, Any]:
        """A message as it stands now (after any edits)."""
        return self.api.messages[(self.chat_id, message_id)]

    async def tap(self, label: str, message_id: int | None = None) -> list[Sent]:
        """Tap the button whose label contains `label` (newest message with buttons by default)."""
        message = self.message(message_id) if message_id else self.last_with_buttons()
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if label in button["text"]:
                    return await self.press(button["callback_data"], message["message_id"])
        raise AssertionError(f"no button {label!r} in message {message['message_id']}")

    def press_update(self, data: str, message_id: int) -> dict[str, Any]:
        """The raw update of a tap on a button with `data` under message `message_id`."""
        query_id = f"cq{self.api.next_update_id()}"
        self.api.callback_chats[query_id] = self.chat_id
        message = self.api.messages.get((self.chat_id, message_id)) or self._message(text="?")
        return {
            "update_id": self.api.next_update_id(),
            "callback_query": {
                "id": query_id,
                "from": self._user(),
                "chat_instance": str(self.chat_id),
                "data": data,
                "message": message,
            },
        }

    async def press(self, data: str, message_id: int) -> list[Sent]:
        """Send a callback query with any data (a forged or stale button, for instance)."""
        return await self.feed(self.press_update(data, message_id))
