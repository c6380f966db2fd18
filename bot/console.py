"""The console chat: the real Application through the Bot API double, in a terminal.

Everything the bot sends to the console's chat is printed the moment the double receives it:
replies, but also what the bot sends on its own (broadcast progress and summaries, nudges,
broadcasts from a moderator). Files and photos are saved under `data/console/`."""

from __future__ import annotations

import asyncio
import html
import logging
import re
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.app import build_application, running
from bot.config import Settings
from bot.double import BOT_TOKEN, ChatUser, DoubleRequest, FakeTelegram, Sent, Upload

_TAG = re.compile(r"<[^>]+>")
FILES_DIR = Path("data") / "console"
LOG_FILE = Path("data") / "console.log"
PROMPT = "> "
QUIT_WORDS = ("keluar", "exit", "quit")
_SHOWN = ("sendMessage", "sendPhoto", "editMessageText", "sendDocument", "sendMediaGroup")


def plain(text: str) -> str:
    """HTML message text as a terminal shows it."""
    return html.unescape(_TAG.sub("", text))


def save(upload: Upload, folder: Path = FILES_DIR) -> Path:
    """Keep a file the bot sent (a workbook, a chart, a certificate) where the person can open
    it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    if upload.content.startswith(b"\x89PNG") and path.suffix.lower() != ".png":
        path = path.with_name(path.name + ".png")
    path.write_bytes(upload.content)
    return path


def log_to_file(path: Path = LOG_FILE, level: str = "INFO") -> Path:
    """Send every log record to `path` (warnings and errors too), none to the terminal, so
    that logs never land between the chat's messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return path


class ConsoleView:
    """Prints what the bot does in one chat and numbers the buttons of its newest message."""

    def __init__(self, chat_id: int, out: TextIO | None = None, folder: Path = FILES_DIR) -> None:
        self.chat_id = chat_id
        self.out = out or sys.stdout
        self.folder = folder
        self.numbered: list[str] = []  # callback data of the buttons, by their number - 1
        self.buttons_on: int | None = None  # the message those buttons are under
        self.at_prompt = False  # the person is typing: a message arriving redraws the prompt

    def watch(self, api: FakeTelegram) -> None:
        """Show every call the bot makes to this chat from now on, as it happens."""
        api.listeners.append(self.receive)

    def receive(self, event: Sent) -> None:
        """One call the double answered: shown if it is addressed to this chat."""
        if event.chat_id != self.chat_id:
            return
        if self.at_prompt:
            self.write("\n")
        self.show(event)
        if self.at_prompt:
            self.prompt()

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def prompt(self) -> None:
        """Ask for the next line."""
        self.at_prompt = True
        self.write("\n" + PROMPT)

    def show(self, event: Sent) -> None:
        """Print one thing the bot did; a message with buttons numbers them."""
        if event.method == "answerCallbackQuery":
            if event.text:
                self.write(f"  [{plain(event.text)}]\n")
            return
        if event.method not in _SHOWN:
            return
        lines = ["─" * 60]
        if event.method == "editMessageText":
            lines.append("(edited) " + plain(event.text or ""))
        elif event.method == "sendMessage":
            lines.append(plain(event.text or ""))
        else:
            for upload in event.files:
                lines.append(f"[file saved: {save(upload, self.folder)}]")
                if upload.caption and event.method == "sendMediaGroup":
                    lines.append(f"  {plain(upload.caption)}")
            if not event.files:
                lines.append("[photo]")
            if event.text and event.method != "sendMediaGroup":
                lines.append(plain(event.text))
        lines.extend(self._number(event))
        self.write("\n".join(lines) + "\n")

    def _number(self, event: Sent) -> list[str]:
        if not event.buttons:
            if event.method == "editMessageText" and event.message_id == self.buttons_on:
                self.numbered.clear()  # the edit took the buttons away
            return []
        self.numbered.clear()
        self.buttons_on = event.message_id
        rows = []
        for row in event.buttons:
            cells = []
            for label, data in row:
                self.numbered.append(data)
                cells.append(f"[{len(self.numbered)}] {label}")
            rows.append("   ".join(cells))
        return rows

    def button(self, line: str) -> str | None:
        """The callback data of the button numbered `line`, if it is one."""
        if line.isdigit() and 1 <= int(line) <= len(self.numbered):
            return self.numbered[int(line) - 1]
        return None


def _read_lines(
    stream: TextIO, loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]
) -> None:
    """Read typed lines in a daemon thread (None at end of input): Ctrl-C never waits for it."""

    def read() -> None:
        try:
            for line in iter(stream.readline, ""):
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, None)
        except RuntimeError:  # the chat ended ('keluar') and its event loop closed meanwhile
            return

    threading.Thread(target=read, name="console-input", daemon=True).start()


async def run_console(
    settings: Settings,
    lang: str,
    user_id: int,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    folder: Path = FILES_DIR,
) -> None:
    """Chat as a resident: type text or a button's number; 'keluar' or Ctrl-D quits."""
    api = FakeTelegram()
    view = ConsoleView(user_id, out, folder)
    view.watch(api)
    app = build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    _read_lines(stdin or sys.stdin, asyncio.get_running_loop(), lines)
    async with running(app):
        user = ChatUser(app, api, user_id, first_name="Warga", language_code=lang)
        view.write(
            "Warga Tangguh console. Type a message or a button's number; "
            "'keluar' to quit. Start with /start.\n"
        )
        while True:
            view.prompt()
            line = await lines.get()
            if line is None or line.strip().lower() in QUIT_WORDS:
                break
            line = line.strip()
            view.at_prompt = False
            if (data := view.button(line)) is not None and view.buttons_on is not None:
                await user.press(data, view.buttons_on)
            elif line:
                await user.send(line)
    view.write("\n")
