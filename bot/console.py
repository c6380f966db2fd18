"""The console chat: the real Application through the Bot API double, in a terminal."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

from bot.app import build_application, running
from bot.config import Settings
from bot.double import BOT_TOKEN, ChatUser, DoubleRequest, FakeTelegram, Sent, Upload

_TAG = re.compile(r"<[^>]+>")
FILES_DIR = Path("data") / "console"


def plain(text: str) -> str:
    """HTML message text as a terminal shows it."""
    return html.unescape(_TAG.sub("", text))


def save(upload: Upload, folder: Path = FILES_DIR) -> Path:
    """Keep a file the bot sent (a report workbook, a chart) where the person can open it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    path.write_bytes(upload.content)
    return path


def show(events: list[Sent], numbered: list[str], folder: Path = FILES_DIR) -> None:
    """Print what the bot did; number the buttons of the newest message with buttons."""
    for event in events:
        if event.method == "answerCallbackQuery":
            if event.text:
                print(f"  [{plain(event.text)}]")
            continue
        if event.method in ("sendDocument", "sendMediaGroup"):
            print("\n" + "─" * 60)
            for upload in event.files:
                print(f"[file saved: {save(upload, folder)}]")
                if upload.caption:
                    print(f"  {plain(upload.caption)}")
            continue
        if event.method not in ("sendMessage", "sendPhoto", "editMessageText"):
            continue
        marker = "(edited) " if event.method == "editMessageText" else ""
        print("\n" + "─" * 60)
        print(marker + plain(event.text or "[photo]"))
        if event.buttons:
            numbered.clear()
            for row in event.buttons:
                cells = []
                for label, data in row:
                    numbered.append(data)
                    cells.append(f"[{len(numbered)}] {label}")
                print("   ".join(cells))


async def run_console(settings: Settings, lang: str, user_id: int) -> None:
    """Chat as a resident: type text or a button's number; 'keluar' or Ctrl-D quits."""
    api = FakeTelegram()
    app = build_application(settings, request=DoubleRequest(api), token=BOT_TOKEN)
    async with running(app):
        user = ChatUser(app, api, user_id, first_name="Warga", language_code=lang)
        print("Warga Tangguh console. Type a message or a button's number; "
              "'keluar' to quit. Start with /start.")
        numbered: list[str] = []
        last_message_id = None
        while True:
            try:
                line = (await asyncio.to_thread(input, "\n> ")).strip()
            except EOFError:
                break
            if line.lower() in ("keluar", "exit", "quit"):
                break
            if line.isdigit() and numbered and 1 <= int(line) <= len(numbered):
                events = await user.press(numbered[int(line) - 1], last_message_id)
            elif line:
                events = await user.send(line)
            else:
                continue
            show(events, numbered)
            for event in events:
                if event.buttons:
                    last_message_id = event.message_id
