"""Admins grant and revoke moderator and staff roles; everything is audited."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, RoleGrant
from tests.harness import ADMIN_ID


async def test_admin_grants_and_revokes_roles_and_each_change_is_audited(bot):
    admin = bot.user(ADMIN_ID, first_name="Admin")
    replies = await admin.send("/peran tambah 555 moderator")
    assert "555 sekarang moderator" in replies[-1].text
    await admin.send("/peran tambah 556 staff")
    listing = (await admin.send("/peran"))[-1].text
    assert "555</code>: moderator" in listing and "556</code>: staff" in listing
    assert await bot.app.bot_data["services"].roles.has_role(555, "moderator")
    replies = await admin.send("/peran cabut 555 moderator")
    assert "555 bukan lagi moderator" in replies[-1].text
    assert await bot.count(RoleGrant) == 1
    async with bot.db.transaction() as session:
        entries = (await session.execute(select(AuditEntry).order_by(AuditEntry.id))).scalars()
        trail = [(e.actor_telegram_id, e.action, e.subject, e.details) for e in entries]
    assert trail == [
        (ADMIN_ID, "role_granted", "555", {"role": "moderator"}),
        (ADMIN_ID, "role_granted", "556", {"role": "staff"}),
        (ADMIN_ID, "role_revoked", "555", {"role": "moderator"}),
    ]


async def test_a_resident_who_tries_peran_is_refused_and_nothing_changes(bot):
    resident = bot.user(557)
    replies = await resident.send("/peran tambah 557 moderator")
    assert replies[-1].text == "Maaf, perintah ini hanya untuk admin."
    assert await bot.count(RoleGrant) == 0
    assert await bot.count(AuditEntry) == 0


async def test_bad_peran_input_gets_usage_and_unknown_roles_are_named(bot):
    admin = bot.user(ADMIN_ID)
    assert "Cara pakai" in (await admin.send("/peran tambah budi moderator"))[-1].text
    assert "Peran tidak dikenal" in (await admin.send("/peran tambah 12 raja"))[-1].text
    assert "Tidak ada yang berubah" in (await admin.send("/peran cabut 12 staff"))[-1].text
    assert await bot.count(AuditEntry) == 0
