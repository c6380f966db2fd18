"""The dashboard as tests use it: the bot (for /dasbor) and an HTTP client on the same database."""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import urlsplit

import httpx
from starlette.applications import Starlette

from bot.dashboard.routes import mount
from tests.harness import ADMIN_ID, BotHarness

URL = "https://dasbor.example"
SECRET = "dashboard-secret-for-tests-0123456789"
LINK = re.compile(r'href="([^"]+)"')


class DashboardHarness:
    """A running bot with the dashboard set up, and a browser-like client for its pages."""

    def __init__(self, database_url: str, **settings: object) -> None:
        self.bot = BotHarness(database_url, dashboard_url=URL, dashboard_secret=SECRET, **settings)
        self.http: httpx.AsyncClient | None = None
        self.app: Starlette | None = None

    async def start(self) -> None:
        """Start the bot and open a client on the dashboard routes."""
        await self.bot.start()
        services = self.bot.app.bot_data.services
        self.app = Starlette(routes=mount(services, self.bot.settings))
        self.http = self.client()

    def client(self) -> httpx.AsyncClient:
        """A fresh browser (its own cookies)."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=URL)

    @property
    def worker(self):
        """The dashboard's report worker."""
        return self.app.routes[0].app.state.worker

    async def close(self) -> None:
        """Stop the worker, the client and the bot."""
        await self.worker.close()
        await self.http.aclose()
        await self.bot.close()

    async def link(self, user_id: int = ADMIN_ID) -> str:
        """What /dasbor sends: the sign-in link's path and query."""
        reply = (await self.bot.user(user_id, first_name="Staf").send("/dasbor"))[-1]
        found = LINK.search(reply.text)
        assert found, reply.text
        url = urlsplit(found.group(1).replace("&amp;", "&"))
        assert f"{url.scheme}://{url.netloc}" == URL
        return f"{url.path}?{url.query}"

    async def sign_in(
        self, user_id: int = ADMIN_ID, http: httpx.AsyncClient | None = None
    ) -> httpx.Response:
        """Open the link and press "Masuk", as staff would; the response to the press."""
        http = http or self.http
        form = await http.get(await self.link(user_id))
        assert form.status_code == 200, form.text
        return await self.press_sign_in(form.text, http)

    async def press_sign_in(
        self, form_html: str, http: httpx.AsyncClient | None = None
    ) -> httpx.Response:
        """Submit the sign-in form of a page."""
        token = re.search(r'name="token" value="([^"]+)"', form_html).group(1)
        lang = re.search(r'name="lang" value="([^"]+)"', form_html).group(1)
        return await (http or self.http).post("/dasbor/masuk", data={"token": token, "lang": lang})


CARD = re.compile(r'data-figure="([^"]+)"><span class="value">([^<]*)</span>')
TABLE = re.compile(r'<table data-table="([^"]+)">(.*?)</table>', re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
DATA = re.compile(r'<script type="application/json" id="dash-data">(.*?)</script>', re.S)


def cards(html: str) -> dict[str, str]:
    """The headline figures of a page, by key."""
    return {key: unescape(value) for key, value in CARD.findall(html)}


def tables(html: str) -> dict[str, list[list[str]]]:
    """Every table of a page by key: the header row, then the body rows, as text."""
    return {
        key: [[unescape(c) for c in CELL.findall(row)] for row in ROW.findall(body)]
        for key, body in TABLE.findall(html)
    }


def chart_data(html: str) -> dict:
    """What the page hands its script to draw."""
    return json.loads(DATA.search(html).group(1))
