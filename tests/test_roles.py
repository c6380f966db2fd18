"""Admins grant and revoke moderator and staff roles by id, see names with the ids, and cannot
grant to an id the bot has never seen; anyone finds their own id with /id. Everything is audited."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import AuditEntry, RoleGrant
from bot.db.values import Role
from tests.flows import onboard
from tests.harness import ADMIN_ID


async def test_admin_grants_and_revokes_roles_and_each_change_is_audited(bot):
    admin = bot.user(ADMIN_ID, first_name="Admin")
    replies = await bot.user(555, first_name="Budi").send("/id")
    assert "<code>555</code>" in replies[-1].text and "admin" in replies[-1].text
    await onboard(bot.user(556, first_name="Rina"))
    replies = await admin.send("/peran tambah 555 moderator")
    assert "Budi (<code>555</code>) sekarang moderator" in replies[-1].text
    await admin.send("/peran tambah 556 staff")
    listing = (await admin.send("/peran"))[-1].text
    assert "• Budi (<code>555</code>): moderator" in listing
    assert "• Rina (<code>556</code>): staff" in listing
    assert await bot.app.bot_data.services.roles.has_role(555, Role.MODERATOR)
    replies = await admin.send("/peran cabut 555 moderator")
    assert "Budi (<code>555</code>) bukan lagi moderator" in replies[-1].text
    assert await bot.count(RoleGrant) == 1
    async with bot.db.transaction() as session:
        entries = (
            await session.execute(
                select(AuditEntry).where(AuditEntry.action.like("role_%")).order_by(AuditEntry.id)
            )
        ).scalars()
        trail = [(e.actor_telegram_id, e.action, e.subject, e.details) for e in entries]
    assert trail == [
        (ADMIN_ID, "role_granted", "555", {"role": "moderator"}),
        (ADMIN_ID, "role_granted", "556", {"role": "staff"}),
        (ADMIN_ID, "role_revoked", "555", {"role": "moderator"}),
    ]


async def test_an_id_the_bot_has_never_seen_is_refused_clearly(bot):
    admin = bot.user(ADMIN_ID)
    replies = await admin.send("/peran tambah 5550 moderator")  # a typo for 555
    assert "belum pernah bertemu id <code>5550</code>" in replies[-1].text
    assert "/id" in replies[-1].text
    assert await bot.count(RoleGrant) == 0
    await bot.user(5550, first_name="Dewi").send("/id")  # now the bot has seen them
    replies = await admin.send("/peran tambah 5550 moderator")
    assert "Dewi (<code>5550</code>) sekarang moderator" in replies[-1].text


async def test_anyone_can_find_their_own_id_in_their_language(bot):
    stranger = bot.user(4711, first_name="Tom", language_code="en")  # never pressed /start
    replies = await stranger.send("/id")
    assert replies[-1].text.startswith("🪪 Your Telegram id is <code>4711</code>.")
    resident = bot.user(4712)
    await onboard(resident)
    replies = await resident.send("/id")
    assert replies[-1].text.startswith("🪪 Id Telegram Anda: <code>4712</code>.")
    assert await bot.count(RoleGrant) == 0


async def test_a_resident_who_tries_peran_is_refused_and_nothing_changes(bot):
    resident = bot.user(557)
    replies = await resident.send("/peran tambah 557 moderator")
    assert replies[-1].text == "Maaf, perintah ini hanya untuk admin."
    assert await bot.count(RoleGrant) == 0
    assert await bot.count(AuditEntry) == 0


async def test_bad_peran_input_gets_usage_and_unknown_roles_are_named(bot):
    admin = bot.user(ADMIN_ID)
    await onboard(bot.user(12))
    assert "Cara pakai" in (await admin.send("/peran tambah budi moderator"))[-1].text
    assert "Peran tidak dikenal" in (await admin.send("/peran tambah 12 raja"))[-1].text
    assert "Tidak ada yang berubah" in (await admin.send("/peran cabut 12 staff"))[-1].text
    assert await bot.count(AuditEntry, AuditEntry.action.like("role_%")) == 0


async def test_hapusdata_also_forgets_the_name_an_id_request_kept(bot):
    resident = bot.user(4713, first_name="Sari")
    await onboard(resident)
    await resident.send("/id")
    assert await bot.count(AuditEntry, AuditEntry.action == "id_shown") == 1
    await resident.send("/hapusdata")
    await resident.tap("Ya, hapus semua")
    assert await bot.count(AuditEntry, AuditEntry.action == "id_shown") == 0
    replies = await bot.user(ADMIN_ID).send("/peran tambah 4713 moderator")
    assert "belum pernah bertemu" in replies[-1].text
