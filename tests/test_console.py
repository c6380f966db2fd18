"""The console chat as a person uses it: lines typed in, the bot's messages out, including the
ones the bot sends on its own; files saved; logs kept out of the chat; Ctrl-C leaves at once."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from telegram import Bot

from bot.config import Settings
from bot.console import ConsoleView, run_console
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram
from tests.harness import until

ROOT = Path(__file__).parent.parent
ME = 1001


class Terminal:
    """A keyboard (a pipe into the console's input) and a screen (what it printed)."""

    def __init__(self) -> None:
        read, self._keys = os.pipe()
        self.stdin = os.fdopen(read, "r")
        self.screen = io.StringIO()
        self.mark = 0  # where the screen stood when the last line was typed

    def type(self, line: str) -> None:
        self.mark = len(self.text)
        os.write(self._keys, (line + "\n").encode())

    def close(self) -> None:
        os.close(self._keys)

    @property
    def text(self) -> str:
        return self.screen.getvalue()

    async def shows(self, words: str, after: int = 0) -> int:
        """Wait until `words` is on screen (past position `after`); return where it ends."""
        await until(lambda: words in self.text[after:], bound=6000)
        return self.text.index(words, after) + len(words)

    async def press(self, label: str) -> None:
        """Type the number the console gave the button labelled `label` in the bot's answer to
        the last line typed."""
        button = re.compile(r"\[(\d+)\] [^\[\n]*" + re.escape(label))
        await until(lambda: button.search(self.text, self.mark), bound=6000)
        self.type(button.findall(self.text, self.mark)[-1])


def _settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        admin_ids=str(ME),
        telegram_bot_token=None,
        broadcast_rate=1000,
        telegram_rate=1000,
        flood_limit=10_000,
    )


async def test_a_broadcast_sent_from_the_console_shows_its_progress_and_summary(
    database_url, tmp_path
):
    term = Terminal()
    console = asyncio.create_task(
        run_console(_settings(database_url), "id", ME, term.stdin, term.screen, tmp_path / "files")
    )
    await term.shows("Start with /start.")
    term.type("/start")
    for label in ("Ya, mari mulai", "Bahasa Indonesia", "Lewati", "Lewati", "Lewati survei"):
        await term.press(label)
    term.type("/siaran")
    await term.shows("✍️")
    term.type("Latihan evakuasi banjir Sabtu pukul 08.00 di RW 05.")
    await term.press("Lewati")
    await term.press("Semua warga")
    mark = await term.shows("Kirim sekarang")
    await term.press("Kirim sekarang")
    # Nothing more is typed: the broadcast, its progress bar and its summary come on their own.
    after = await term.shows("Latihan evakuasi banjir Sabtu pukul 08.00 di RW 05.", mark)
    await term.shows("(edited) ", mark)
    await term.shows("Siaran #1 selesai", after)
    assert re.search(r"\(edited\) 📣 Siaran #1 · selesai\n▓+ 100%\nTerkirim 1 ", term.text)
    assert "Versi bahasa Inggris" not in term.text  # "Lewati" was the English version's
    term.type("keluar")
    await asyncio.wait_for(console, 60)
    term.close()


async def test_a_photo_the_bot_sends_is_saved_and_its_path_printed(tmp_path):
    api = FakeTelegram()
    screen = io.StringIO()
    view = ConsoleView(ME, screen, tmp_path)
    view.watch(api)
    png = b"\x89PNG\r\n\x1a\n-certificate"
    async with Bot(BOT_TOKEN, request=DoubleRequest(api)) as bot:
        await bot.send_photo(ME, png, caption="🏅 Sertifikat Anda")
        await bot.send_message(ME + 1, "someone else's chat")
    saved = [p for p in tmp_path.iterdir()]
    assert [p.read_bytes() for p in saved] == [png]
    assert saved[0].suffix == ".png"
    assert f"[file saved: {saved[0]}]\n🏅 Sertifikat Anda\n" in screen.getvalue()
    assert "someone else" not in screen.getvalue()


def _console_process(database_url: str, cwd: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONTENT_DIR": str(ROOT / "content"),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "DEBUG",
    }
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "console"],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_until(stream, words: str) -> str:
    seen = ""
    while words not in seen:
        line = stream.readline()
        assert line, f"the console ended before printing {words!r}: {seen}"
        seen += line
    return seen


def test_logs_go_to_a_file_and_ctrl_c_leaves_with_one_line(database_url, tmp_path):
    process = _console_process(database_url, tmp_path)
    try:
        banner = _read_until(process.stdout, "Start with /start.")
        assert "Logs go to data/console.log" in banner
        process.stdin.write("/start\n")
        process.stdin.flush()
        reply = _read_until(process.stdout, "Ya, mari mulai")
        assert " INFO " not in reply and " DEBUG " not in reply
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130
    assert out.strip().splitlines()[-1] == "Console closed (Ctrl-C)."
    assert "Traceback" not in err and err.strip() == ""
    assert "Application started" in (tmp_path / "data" / "console.log").read_text()
