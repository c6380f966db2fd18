"""/peran: admins grant and revoke the moderator and staff roles; /id: anyone's own id."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.i18n import Translator
from bot.presentation.roles import role_holders, role_result, usage

GRANT_WORDS = ("tambah", "grant", "beri")
REVOKE_WORDS = ("cabut", "revoke", "hapus")


async def _t(update: Update, context: BotContext) -> Translator:
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    return t_for(saved or telegram_locale(update, context))


async def my_id(update: Update, context: BotContext) -> None:
    """/id: anyone's own Telegram id, to give to an admin for a role."""
    user = update.effective_user
    await context.services.roles.record_id_request(user.id, user.first_name)
    t = await _t(update, context)
    await update.effective_chat.send_message(
        t._(
            "🪪 Your Telegram id is <code>{id}</code>.\nTo become a moderator or staff, send this "
            "number to an admin of the bot.",
            id=user.id,
        )
    )


async def roles(update: Update, context: BotContext) -> None:
    """/peran | /peran tambah <id> <role> | /peran cabut <id> <role>."""
    actor = update.effective_user.id
    service = context.services.roles
    t = await _t(update, context)
    if not service.is_admin(actor):
        await update.effective_chat.send_message(t._("Sorry, this command is for admins only."))
        return
    args = context.args or []
    if not args:
        await update.effective_chat.send_message(
            role_holders(t, await service.holders(actor) or [])
        )
        return
    verb = args[0].lower()
    if len(args) != 3 or not args[1].isdigit() or verb not in GRANT_WORDS + REVOKE_WORDS:
        await update.effective_chat.send_message(usage(t))
        return
    target, role = int(args[1]), args[2].lower()
    change = service.grant if verb in GRANT_WORDS else service.revoke
    await update.effective_chat.send_message(
        role_result(t, await change(actor, target, role), target, role)
    )
