"""How /peran reads: who holds a role, what a change did, and the usage line."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.services.roles import ROLES, Holder, Outcome, RoleChange


def person(t: Translator, telegram_id: int, name: str | None) -> str:
    """`Budi (<code>555</code>)`, or the id alone when the bot knows no name."""
    if not name:
        return f"<code>{telegram_id}</code>"
    return t._("{name} ({id})", name=escape(name), id=f"<code>{telegram_id}</code>")


def role_result(t: Translator, outcome: Outcome, target: int, role: str) -> str:
    """What a grant or revoke did, in words."""
    who = person(t, target, outcome.name)
    return {
        RoleChange.GRANTED: lambda: t._("✅ {user} is now {role}.", user=who, role=role),
        RoleChange.REVOKED: lambda: t._("✅ {user} is no longer {role}.", user=who, role=role),
        RoleChange.UNCHANGED: lambda: t._(
            "Nothing to change: {user} already had that setting.", user=who
        ),
        RoleChange.UNKNOWN_ROLE: lambda: t._(
            "Unknown role. Use one of: {roles}.", roles=", ".join(ROLES)
        ),
        RoleChange.UNKNOWN_USER: lambda: t._(
            "The bot has never seen the id <code>{id}</code>, so nothing was changed. Check the "
            "number: ask the person to open the bot, send /id and give you the number it shows.",
            id=target,
        ),
        RoleChange.NOT_ADMIN: lambda: t._("Sorry, this command is for admins only."),
    }[outcome.change]()


def usage(t: Translator) -> str:
    """How /peran is typed."""
    return t._(
        "Usage:\n/peran: list who holds a role\n/peran tambah &lt;telegram id&gt; "
        "moderator|staff\n/peran cabut &lt;telegram id&gt; moderator|staff"
    )


def role_holders(t: Translator, holders: list[Holder]) -> str:
    """Everyone who holds a role, then the usage line."""
    lines = [f"• {person(t, h.telegram_id, h.name)}: {h.role}" for h in holders]
    body = "\n".join(lines) if lines else t._("Nobody holds a role yet.")
    return f"{body}\n\n{usage(t)}"
