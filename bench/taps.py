"""Residents who tap through the bot for benchmarks: raw update dicts, built in O(1) per tap.

`ChatUser.tap` looks for the newest message with buttons by sorting every message the double
holds, which is fine for a test and far too slow for tens of thousands of updates. A `Tapper`
remembers the message its resident should answer instead (`Tappers.observe` reads the replies).
"""

from __future__ import annotations

import random
import time
from typing import Any

from bot.double import FakeTelegram, Sent


def kind_of(raw: dict[str, Any]) -> str:
    """`/start`, or a button's kind (`nx` a card's Lanjut, `q` a quiz answer…)."""
    if "callback_query" in raw:
        return "button " + raw["callback_query"]["data"].split(":")[1]
    return raw["message"]["text"].split()[0]


class Tapper:
    """One resident: /start, then always the button a resident would tap on the newest prompt.

    Every other resident answers the attitude survey and the checklist, the rest skip them; a
    quarter give a kota (and then a kecamatan); quiz options are picked at random.
    """

    def __init__(self, api: FakeTelegram, user_id: int, rng: random.Random) -> None:
        self.api = api
        self.user_id = user_id
        self.rng = rng
        self.locale = "en" if user_id % 10 == 0 else "id"
        self.answers_survey = user_id % 2 == 0
        self.gives_region = user_id % 4 == 1
        self.prompt: int | None = None  # message id of the newest message with buttons
        self.started = False
        self.resends = 0

    def _user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": "Warga",
            "language_code": self.locale,
        }

    def message(self, text: str) -> dict[str, Any]:
        """A text message from this resident (a leading `/word` is a command)."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        return {
            "update_id": self.api.next_update_id(),
            "message": {
                "message_id": self.api.new_message_id(),
                "date": int(time.time()),
                "chat": {"id": self.user_id, "type": "private", "first_name": "Warga"},
                "from": self._user(),
                **content,
            },
        }

    def _choose(self, buttons: list[tuple[str, str]]) -> str:
        datas = [data for _, data in buttons]
        kind = datas[0].split(":")[1]
        if kind == "lg":
            return f"1:lg:{self.locale}"
        if kind == "rg":
            return self.rng.choice(datas[:-1]) if self.gives_region else "1:rg:-"
        if kind in ("ds", "ag", "q"):
            return self.rng.choice(datas)
        if kind == "sv":
            skip = [d for d in datas if d.startswith("1:sx:")]
            if skip and not self.answers_survey:
                return skip[0]
            return self.rng.choice([d for d in datas if d.startswith("1:sv:")])
        return datas[0]  # consent, Lanjut, Mulai kuis, on to the next module

    def next_update(self) -> dict[str, Any]:
        """The update this resident sends now: /start, a button tap, or /belajar when lost."""
        if not self.started:
            self.started = True
            return self.message("/start")
        message = self.api.messages.get((self.user_id, self.prompt)) if self.prompt else None
        if not message or not message.get("reply_markup"):
            self.resends += 1
            return self.message("/belajar")
        buttons = [
            (b["text"], b["callback_data"])
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
        ]
        query_id = f"cq{self.api.next_update_id()}"
        self.api.callback_chats[query_id] = self.user_id
        return {
            "update_id": self.api.next_update_id(),
            "callback_query": {
                "id": query_id,
                "from": self._user(),
                "chat_instance": str(self.user_id),
                "data": self._choose(buttons),
                "message": message,
            },
        }


class Tappers:
    """A crowd of residents with consecutive ids, and what the bot last asked each of them."""

    def __init__(self, api: FakeTelegram, first_id: int, count: int, seed: int = 11) -> None:
        rng = random.Random(seed)
        self.api = api
        self.by_id = {uid: Tapper(api, uid, rng) for uid in range(first_id, first_id + count)}
        self.order = list(self.by_id.values())
        self._seen = len(api.calls)

    def observe(self) -> None:
        """Read the bot's calls since the last look: each chat's newest prompt with buttons."""
        calls: list[Sent] = self.api.calls
        for call in calls[self._seen :]:
            if call.method == "sendMessage" and call.buttons and call.chat_id in self.by_id:
                self.by_id[call.chat_id].prompt = call.message_id
        self._seen = len(calls)

    def forget(self) -> None:
        """Drop the double's call log and this crowd's messages but the prompts they answer next,
        so that a long run keeps no more objects than a short one (a bigger heap would make the
        garbage collector's pauses, which land in the bot's figures, longer than the bot's own)."""
        self.observe()
        self.api.calls.clear()
        self._seen = 0
        keep = {(t.user_id, t.prompt) for t in self.order}
        for key in [k for k in self.api.messages if k[0] in self.by_id and k not in keep]:
            del self.api.messages[key]

    @property
    def resends(self) -> int:
        """How often a resident had no prompt to answer and typed /belajar instead."""
        return sum(t.resends for t in self.order)
