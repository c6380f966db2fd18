"""Files the bot uploads reach the double, in-process and over HTTP, and the console saves them."""

from __future__ import annotations

from telegram import Bot, InputFile, InputMediaPhoto

from bot.console import ConsoleView
from bot.double import BOT_TOKEN, DoubleRequest, FakeTelegram
from bot.double.server import serve


async def _upload_everything(bot: Bot, chat_id: int) -> None:
    await bot.send_document(
        chat_id, InputFile(b"PK-sheet", filename="laporan.xlsx"), caption="Laporan"
    )
    await bot.send_media_group(
        chat_id,
        [
            InputMediaPhoto(InputFile(b"\x89PNG-1", filename="a.png", attach=True), caption="A"),
            InputMediaPhoto(InputFile(b"\x89PNG-2", filename="b.png", attach=True)),
        ],
    )


def _check(api: FakeTelegram, chat_id: int) -> None:
    document, group = api.sent_to(chat_id)
    assert document.method == "sendDocument" and document.text == "Laporan"
    assert [(f.name, f.content) for f in document.files] == [("laporan.xlsx", b"PK-sheet")]
    assert group.method == "sendMediaGroup"
    assert [(f.name, f.content, f.caption) for f in group.files] == [
        ("a.png", b"\x89PNG-1", "A"),
        ("b.png", b"\x89PNG-2", None),
    ]


async def test_documents_and_media_groups_are_recorded_with_their_bytes(tmp_path, capsys):
    api = FakeTelegram()
    bot = Bot(BOT_TOKEN, request=DoubleRequest(api))
    async with bot:
        await _upload_everything(bot, 31)
    _check(api, 31)
    view = ConsoleView(31, folder=tmp_path)
    for event in api.sent_to(31):
        view.show(event)
    assert (tmp_path / "laporan.xlsx").read_bytes() == b"PK-sheet"
    out = capsys.readouterr().out
    assert f"[file saved: {tmp_path / 'a.png'}]\n  A\n" in out


async def test_files_also_arrive_over_http_from_a_self_hosted_api_url():
    api = FakeTelegram()
    server = await serve(api)
    port = server.sockets[0].getsockname()[1]
    try:
        bot = Bot(BOT_TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
        async with bot:
            await _upload_everything(bot, 32)
    finally:
        server.close()
        await server.wait_closed()
    _check(api, 32)
