"""Handlers: one module per feature. `register` adds them in one visible, ordered table."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.context import BotApp
from bot.handlers import (
    account,
    broadcast_status,
    broadcasts,
    certificate,
    dashboard,
    flood,
    help,
    lessons,
    nudges,
    onboarding,
    progress,
    reports,
    rereading,
    review,
    roles,
    stray,
)
from bot.handlers.buttons import on_button
from bot.handlers.errors import on_error
from bot.handlers.updatelog import name_handlers, named

# Only new messages in private chats: edits and group chatter are ignored.
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def register(app: BotApp) -> None:
    """Add every handler, in the order they are tried."""
    prompts = app.bot_data.report_prompts = reports.OpenPrompts()
    app.add_handlers(
        name_handlers(
            [
                # Residents: commands (Indonesian names, with English aliases where natural).
                CommandHandler("start", onboarding.start, filters=PRIVATE),
                CommandHandler(["belajar", "learn"], lessons.learn, filters=PRIVATE),
                CommandHandler(["progres", "progress"], progress.progress, filters=PRIVATE),
                CommandHandler(["bantuan", "help"], help.bantuan, filters=PRIVATE),
                CommandHandler(["bahasa", "language"], account.language, filters=PRIVATE),
                CommandHandler(["hapusdata", "deletedata"], account.delete_data, filters=PRIVATE),
                CommandHandler(["ulang", "review"], review.review, filters=PRIVATE),
                CommandHandler(["modul", "module"], rereading.modul, filters=PRIVATE),
                CommandHandler(
                    ["sertifikat", "certificate"], certificate.certificate, filters=PRIVATE
                ),
                # Nudges: the time, stopping and resuming all messages, and blocks.
                CommandHandler(["pengingat", "reminders"], nudges.reminders, filters=PRIVATE),
                CommandHandler(["berhenti", "stop"], nudges.stop, filters=PRIVATE),
                CommandHandler(["mulai", "resume"], nudges.start_again, filters=PRIVATE),
                ChatMemberHandler(nudges.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
                # Moderators and admins.
                CommandHandler("peran", roles.roles, filters=PRIVATE),
                CommandHandler("id", roles.my_id, filters=PRIVATE),
                CommandHandler("siaran", broadcasts.siaran, filters=PRIVATE),
                CommandHandler("siaran_status", broadcast_status.broadcast_status, filters=PRIVATE),
                # Staff: reports (typed dates, and any text at an open period prompt, are checked
                # before other free text; everything else falls through to the free-text answer).
                CommandHandler(["laporan", "report"], reports.laporan, filters=PRIVATE),
                CommandHandler(["dasbor", "dashboard"], dashboard.dasbor, filters=PRIVATE),
                MessageHandler(
                    PRIVATE
                    & filters.TEXT
                    & ~filters.COMMAND
                    & (filters.Regex(reports.LOOKS_LIKE_DATES) | prompts),
                    reports.on_dates,
                ),
                # Every inline button, parsed and validated in one place.
                CallbackQueryHandler(on_button),
                # Anything else in a private chat: free text (emergencies first), media,
                # unknown commands.
                MessageHandler(PRIVATE, stray.on_stray),
            ]
        )
    )
    # Group -2: a user who floods the bot is slowed down before anything else runs.
    app.add_handler(TypeHandler(Update, named(flood.guard)), group=-2)
    # Group -1: text or a photo typed into an open broadcast draft is consumed there (it stops
    # the update); for everyone else it falls through to the handlers above.
    app.add_handler(
        MessageHandler(
            PRIVATE & ((filters.TEXT & ~filters.COMMAND) | filters.PHOTO),
            named(broadcasts.on_typed),
        ),
        group=-1,
    )
    app.add_error_handler(on_error)
