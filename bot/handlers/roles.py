"""/peran: admins grant and revoke the moderator and staff roles."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.handlers.common import t_for, telegram_locale
from bot.services.roles import ROLES, RoleChange

GRANT_WORDS = ("tambah", "grant", "beri")
REVOKE_WORDS = ("cabut", "revoke", "hapus")


async def roles(update: Update, context: BotContext) -> None:
    """/peran | /peran tambah <id> <role> | /peran cabut <id> <role>."""
    actor = update.effective_user.id
    service = context.services.roles
    saved = await context.services.onboarding.saved_locale(actor)
    t = t_for(saved or telegram_locale(update, context))
    if not service.is_admin(actor):
        await update.effective_chat.send_message(t._("Sorry, this command is for admins only."))
        return
    args = context.args or []
    usage = t._("Usage:\n/peran: list who holds a role\n/peran tambah &lt;telegram id&gt; "
                "moderator|staff\n/peran cabut &lt;telegram id&gt; moderator|staff")
    if not args:
        holders = await service.holders(actor) or []
        lines = [f"• <code>{h.telegram_id}</code>: {h.role}" for h in holders]
        body = "\n".join(lines) if lines else t._("Nobody holds a role yet.")
        await update.effective_chat.send_message(f"{body}\n\n{usage}")
        return
    verb = args[0].lower()
    if len(args) != 3 or not args[1].isdigit() or verb not in GRANT_WORDS + REVOKE_WORDS:
        await update.effective_chat.send_message(usage)
        return
    target, role = int(args[1]), args[2].lower()
    change = (service.grant if verb in GRANT_WORDS else service.revoke)
    result = await change(actor, target, role)
    messages = {
        RoleChange.GRANTED: t._("✅ {user} is now {role}.", user=target, role=role),
        RoleChange.REVOKED: t._("✅ {user} is no longer {role}.", user=target, role=role),
        RoleChange.UNCHANGED: t._("Nothing to change: {user} already had that setting.",
                                  user=target),
        RoleChange.UNKNOWN_ROLE: t._("Unknown role. Use one of: {roles}.",
                                     roles=", ".join(ROLES)),
        RoleChange.NOT_ADMIN: t._("Sorry, this command is for admins only."),
    }
    await update.effective_chat.send_message(messages[result])
