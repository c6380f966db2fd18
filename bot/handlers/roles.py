"""/peran: admins grant and revoke the moderator and staff roles; /id: anyone's own id."""

from __future__ import annotations

from html import escape

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.i18n import Translator
from bot.services.roles import ROLES, Outcome, RoleChange

GRANT_WORDS = ("tambah", "grant", "beri")
REVOKE_WORDS = ("cabut", "revoke", "hapus")


async def _t(update: Update, context: BotContext) -> Translator:
    saved = await context.services.onboarding.saved_locale(update.effective_user.id)
    return t_for(saved or telegram_locale(update, context))


def _who(t: Translator, telegram_id: int, name: str | None) -> str:
    """`Budi (<code>555</code>)`, or the id alone when the bot knows no name."""
    if not name:
        return f"<code>{telegram_id}</code>"
    return t._("{name} ({id})", name=escape(name), id=f"<code>{telegram_id}</code>")


async def my_id(update: Update, context: BotContext) -> None:
    """/id: anyone's own Telegram id, to give to an admin for a role."""
    user = update.effective_user
    await context.services.roles.record_id_request(user.id, user.first_name)
    t = await _t(update, context)
    await update.effective_chat.send_message(
        t._("🪪 Your Telegram id is <code>{id}</code>.\nTo become a moderator or staff, send this "
            "number to an admin of the bot.", id=user.id))


def _result(t: Translator, outcome: Outcome, target: int, role: str) -> str:
    who = _who(t, target, outcome.name)
    return {
        RoleChange.GRANTED: lambda: t._("✅ {user} is now {role}.", user=who, role=role),
        RoleChange.REVOKED: lambda: t._("✅ {user} is no longer {role}.", user=who, role=role),
        RoleChange.UNCHANGED: lambda: t._("Nothing to change: {user} already had that setting.",
                                          user=who),
        RoleChange.UNKNOWN_ROLE: lambda: t._("Unknown role. Use one of: {roles}.",
                                             roles=", ".join(ROLES)),
        RoleChange.UNKNOWN_USER: lambda: t._(
            "The bot has never seen the id <code>{id}</code>, so nothing was changed. Check the "
            "number: ask the person to open the bot, send /id and give you the number it shows.",
            id=target),
        RoleChange.NOT_ADMIN: lambda: t._("Sorry, this command is for admins only."),
    }[outcome.change]()


async def roles(update: Update, context: BotContext) -> None:
    """/peran | /peran tambah <id> <role> | /peran cabut <id> <role>."""
    actor = update.effective_user.id
    service = context.services.roles
    t = await _t(update, context)
    if not service.is_admin(actor):
        await update.effective_chat.send_message(t._("Sorry, this command is for admins only."))
        return
    args = context.args or []
    usage = t._("Usage:\n/peran: list who holds a role\n/peran tambah &lt;telegram id&gt; "
                "moderator|staff\n/peran cabut &lt;telegram id&gt; moderator|staff")
    if not args:
        holders = await service.holders(actor) or []
        lines = [f"• {_who(t, h.telegram_id, h.name)}: {h.role}" for h in holders]
        body = "\n".join(lines) if lines else t._("Nobody holds a role yet.")
        await update.effective_chat.send_message(f"{body}\n\n{usage}")
        return
    verb = args[0].lower()
    if len(args) != 3 or not args[1].isdigit() or verb not in GRANT_WORDS + REVOKE_WORDS:
        await update.effective_chat.send_message(usage)
        return
    target, role = int(args[1]), args[2].lower()
    change = (service.grant if verb in GRANT_WORDS else service.revoke)
    await update.effective_chat.send_message(_result(t, await change(actor, target, role),
                                                     target, role))
