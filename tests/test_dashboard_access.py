"""Who gets into the staff dashboard: /dasbor links work once and for 15 minutes, sessions end
with the role, forged cookies and forms without the CSRF token are refused."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db.models import AuditEntry
from tests.dashboard_client import DashboardHarness
from tests.harness import ADMIN_ID

STAFF = 51_001
RESIDENT = 51_002


@pytest.fixture
async def dash(database_url):
    harness = DashboardHarness(database_url)
    await harness.start()
    await harness.bot.user(STAFF, first_name="Staf").send("/id")  # known to the bot, for /peran
    yield harness
    await harness.close()


async def _actions(dash) -> list[str]:
    async with dash.bot.db.transaction() as session:
        return list(
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action != "id_shown")
                .order_by(AuditEntry.id)
            )
        )  # the fixture's /id


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_staff_sign_in_with_the_dasbor_link_and_get_the_page(dash):
    reply = (await dash.bot.user(ADMIN_ID, first_name="Staf").send("/dasbor"))[-1]
    assert "tautan masuk pribadi" in reply.text and "15 menit" in reply.text
    assert reply.params["link_preview_options"]["is_disabled"] is True

    signed_in = await dash.sign_in()
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/dasbor/?lang=id"
    cookie = signed_in.headers["set-cookie"].lower()
    for attribute in ("httponly", "secure", "samesite=lax", "path=/dasbor", "max-age=28800"):
        assert attribute in cookie
    page = await dash.http.get("/dasbor/")
    assert page.status_code == 200
    assert "Dasbor Warga Tangguh" in page.text and "Terdaftar" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    assert str(ADMIN_ID) not in page.text and "Staf" not in page.text
    assert await _actions(dash) == ["dashboard_link", "dashboard_link", "dashboard_sign_in"]


async def test_a_sign_in_link_works_once(dash):
    form = await dash.http.get(await dash.link())
    assert (await dash.press_sign_in(form.text)).status_code == 303
    again = await dash.press_sign_in(form.text, dash.client())
    assert again.status_code == 403 and "tidak berlaku lagi" in again.text
    assert "dashboard_sign_in_refused" in await _actions(dash)


async def test_a_sign_in_link_expires_after_15_minutes(dash):
    form = await dash.http.get(await dash.link())
    dash.bot.clock.advance(timedelta(minutes=15, seconds=1))
    assert (await dash.press_sign_in(form.text)).status_code == 403
    assert (await dash.http.get("/dasbor/")).status_code == 403


async def test_opening_the_link_alone_signs_nobody_in(dash):
    """A link preview or a mail scanner that fetches the link must not use it up."""
    link = await dash.link()
    for _ in range(3):
        assert (await dash.http.get(link)).status_code == 200
    assert (await dash.http.get("/dasbor/")).status_code == 403
    form = await dash.http.get(link)
    assert (await dash.press_sign_in(form.text)).status_code == 303


async def test_residents_get_no_link_and_the_page_refuses_them(dash, caplog):
    caplog.set_level(logging.INFO)
    reply = (await dash.bot.user(RESIDENT, first_name="Sari").send("/dasbor"))[-1]
    assert reply.text == "Maaf, dasbor hanya untuk staf."
    page = await dash.http.get("/dasbor/")
    assert page.status_code == 403 and "/dasbor" in page.text
    download = await dash.http.get("/dasbor/unduh/laporan.xlsx")
    assert download.status_code == 403 and "Silakan masuk" in download.text
    assert "/dasbor refused: not staff" in caplog.text
    assert "without a valid session: 403" in caplog.text
    assert str(RESIDENT) not in caplog.text and "Sari" not in caplog.text


async def test_a_revoked_role_ends_the_session_at_the_next_request(dash):
    roles = dash.bot.app.bot_data.services.roles
    await roles.grant(ADMIN_ID, STAFF, "staff")
    assert (await dash.sign_in(STAFF)).status_code == 303
    assert (await dash.http.get("/dasbor/")).status_code == 200
    await roles.revoke(ADMIN_ID, STAFF, "staff")
    assert (await dash.http.get("/dasbor/")).status_code == 403
    await roles.grant(ADMIN_ID, STAFF, "staff")
    assert (await dash.http.get("/dasbor/")).status_code == 403  # that session is over
    assert "dashboard_session_ended_role_revoked" in await _actions(dash)


async def test_a_role_revoked_between_link_and_sign_in_gets_no_session(dash):
    roles = dash.bot.app.bot_data.services.roles
    await roles.grant(ADMIN_ID, STAFF, "staff")
    form = await dash.http.get(await dash.link(STAFF))
    await roles.revoke(ADMIN_ID, STAFF, "staff")
    assert (await dash.press_sign_in(form.text)).status_code == 403
    assert (await dash.http.get("/dasbor/")).status_code == 403


async def test_forged_or_tampered_cookies_get_403(dash):
    await dash.sign_in()
    good = dash.http.cookies["wt_dasbor"]
    session_id, signature = good.rsplit(".", 1)
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for forged in (
        f"{session_id}.{flipped}",
        f"{session_id[:-1]}x.{signature}",
        "abc.def",
        "no-dot",
        "",
    ):
        browser = dash.client()
        browser.cookies.set("wt_dasbor", forged, domain="dasbor.example", path="/dasbor")
        assert (await browser.get("/dasbor/")).status_code == 403, forged
    assert (await dash.http.get("/dasbor/")).status_code == 200


async def test_a_session_lasts_8_hours(dash):
    await dash.sign_in()
    dash.bot.clock.advance(timedelta(hours=7, minutes=59))
    assert (await dash.http.get("/dasbor/")).status_code == 200
    dash.bot.clock.advance(timedelta(minutes=2))
    assert (await dash.http.get("/dasbor/")).status_code == 403


async def test_sign_out_needs_the_csrf_token_and_ends_the_session(dash):
    await dash.sign_in()
    page = await dash.http.get("/dasbor/")
    for given in ({}, {"csrf": "0" * 64}):
        refused = await dash.http.post("/dasbor/keluar", data=given)
        assert refused.status_code == 403
    assert (await dash.http.get("/dasbor/")).status_code == 200
    # Another staff member's token does not sign this one out either.
    other = dash.client()
    await dash.sign_in(http=other)
    other_csrf = _csrf((await other.get("/dasbor/")).text)
    assert (await dash.http.post("/dasbor/keluar", data={"csrf": other_csrf})).status_code == 403
    out = await dash.http.post("/dasbor/keluar", data={"csrf": _csrf(page.text)})
    assert out.status_code == 200 and "keluar dari dasbor" in out.text
    assert (await dash.http.get("/dasbor/")).status_code == 403
    assert (await other.get("/dasbor/")).status_code == 200
    await other.aclose()
    assert "dashboard_sign_out" in await _actions(dash)


async def test_sign_in_attempts_are_rate_limited(dash):
    statuses = [
        (await dash.http.post("/dasbor/masuk", data={"token": f"guess{i}"})).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]
    assert "Terlalu banyak percobaan" in (await dash.http.get("/dasbor/masuk?t=x")).text


async def test_without_the_settings_dasbor_says_it_is_not_set_up(database_url):
    from tests.harness import BotHarness

    bot = BotHarness(database_url)
    await bot.start()
    try:
        reply = (await bot.user(ADMIN_ID).send("/dasbor"))[-1]
        assert "belum disiapkan" in reply.text
    finally:
        await bot.close()


async def test_webhook_mode_serves_the_dashboard_beside_the_webhook(dash):
    import httpx
    from pydantic import SecretStr

    from bot.webhook import webhook_app

    settings = dash.bot.settings.model_copy(
        update={"webhook_url": "https://dasbor.example", "webhook_secret": SecretStr("s3cret")}
    )
    app = webhook_app(dash.bot.app, settings)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://dasbor.example"
    ) as http:
        await dash.sign_in(http=http)
        page = await http.get("/dasbor/")
        assert page.status_code == 200 and "Dasbor Warga Tangguh" in page.text
        script = await http.get("/dasbor/static/chart.umd.min.js")
        assert script.status_code == 200 and script.text.startswith("/*!\n * Chart.js v4")
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        await next(
            r.app for r in app.routes if getattr(r, "path", "") == "/dasbor"
        ).state.worker.close()


async def test_webhook_mode_stops_the_dashboard_worker_on_shutdown(database_url):
    import httpx
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.double import BOT_TOKEN, DoubleRequest
    from bot.webhook import webhook_app
    from tests.dashboard_client import SECRET, URL

    harness = DashboardHarness(database_url)  # only for its settings and its Telegram double
    settings = harness.bot.settings.model_copy(
        update={
            "webhook_url": URL,
            "webhook_secret": SecretStr("s3cret"),
            "dashboard_secret": SecretStr(SECRET),
        }
    )
    app = webhook_app(
        build_application(
            settings,
            request=DoubleRequest(harness.bot.api),
            clock=harness.bot.clock,
            token=BOT_TOKEN,
        ),
        settings,
    )
    worker = next(r.app for r in app.routes if getattr(r, "path", "") == "/dasbor").state.worker
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=URL) as http,
    ):
        assert (await http.get("/dasbor/")).status_code == 403  # signed out: no report yet
        worker.reports.today()  # what a page does first: the worker's thread and pool start
        assert worker.running
    assert not worker.running
    await harness.bot.close()


async def test_expired_links_and_sessions_are_swept_by_a_repeating_job(dash):
    from bot import jobs
    from bot.context import BotContext
    from bot.db.models import DashboardLink, DashboardSession

    async def rows() -> tuple[int, int]:
        async with dash.bot.db.transaction() as session:
            return (
                len((await session.scalars(select(DashboardLink))).all()),
                len((await session.scalars(select(DashboardSession))).all()),
            )

    assert dash.bot.app.job_queue.get_jobs_by_name(jobs.DASHBOARD_CLEANUP)
    await dash.sign_in()  # a used link and a session
    await dash.link()  # an unused link
    assert await rows() == (2, 1)
    await jobs.forget_expired_sign_ins(BotContext(dash.bot.app))
    assert await rows() == (2, 1)  # not long enough over
    dash.bot.clock.advance(timedelta(hours=8) + timedelta(days=1, seconds=1))
    await jobs.forget_expired_sign_ins(BotContext(dash.bot.app))
    assert await rows() == (0, 0)
