"""The dashboard's web endpoints under /dasbor: sign-in, the page, sign-out and downloads.

Thin like the bot's handlers: a request becomes plain values, the access service decides who
may look, the report worker builds what is shown, and a template renders it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.dashboard import filters
from bot.dashboard.security import SecurityHeaders, SlidingWindow
from bot.dashboard.worker import ReportWorker
from bot.i18n import Translator
from bot.services import Services
from bot.services.dashboard_access import SESSION_LIFETIME, SignIn, Viewer

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
PREFIX = "/dasbor"
COOKIE = "wt_dasbor"
NO_STORE = {"Cache-Control": "no-store"}


class Dashboard:
    """The endpoints, sharing the access service, the report worker and the templates."""

    def __init__(self, services: Services, settings: Settings, worker: ReportWorker) -> None:
        self.access = services.dashboard
        self.course = services.course
        self.settings = settings
        self.worker = worker
        self.secure = (settings.dashboard_url or "").startswith("https://")
        self.sign_ins = SlidingWindow(limit=10, seconds=300)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"])
        )

    # --- helpers -----------------------------------------------------------------------------

    def _t(self, request: Request) -> Translator:
        lang = request.query_params.get("lang", "id")
        return Translator(lang if lang in ("id", "en") else "id", self.settings.tz)

    def _render(self, t: Translator, template: str, status: int = 200, **values) -> HTMLResponse:
        html = self.templates.get_template(template).render(
            _=t._, n_=t.n_, lang=t.locale, base=PREFIX, **values
        )
        return HTMLResponse(html, status_code=status, headers=NO_STORE)

    def _message(self, t: Translator, status: int, title: str, text: str) -> HTMLResponse:
        return self._render(t, "message.html", status, title=title, text=text)

    def _refused(self, request: Request) -> HTMLResponse:
        logger.warning(
            "dashboard: %s %s without a valid session: 403", request.method, request.url.path
        )
        t = self._t(request)
        return self._message(
            t,
            403,
            t._("Please sign in"),
            t._(
                "This page is for staff. Send /dasbor to the bot in Telegram for a personal "
                "sign-in "
                "link; it works once, within 15 minutes."
            ),
        )

    async def _viewer(self, request: Request) -> Viewer | None:
        return await self.access.viewer(request.cookies.get(COOKIE))

    def _filters(self, request: Request, t: Translator) -> filters.Filters:
        return filters.parse(t, self.course, request.query_params, self.worker.reports.today())

    async def _looking(self, request: Request) -> tuple[Viewer, Translator, filters.Filters] | None:
        """The signed-in viewer with the page's language and filters; None without a session."""
        viewer = await self._viewer(request)
        if viewer is None:
            return None
        t = self._t(request)
        return viewer, t, self._filters(request, t)

    # --- endpoints ---------------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        """The dashboard: filters, headline figures, charts with their tables, downloads."""
        looking = await self._looking(request)
        if looking is None:
            return self._refused(request)
        viewer, t, chosen = looking
        _report, page = await self.worker.page(chosen.request, t.locale)
        return self._render(
            t,
            "page.html",
            page=page,
            filters=chosen,
            areas=filters.area_groups(t, self.course),
            csrf=self.access.csrf_token(viewer),
        )

    async def sign_in_form(self, request: Request) -> Response:
        """The link from /dasbor: a button that signs in (link previews must not use it up)."""
        t = self._t(request)
        if not self.sign_ins.allow(_client(request)):
            return self._too_many(t)
        token = request.query_params.get("t", "")
        if not token:
            return self._refused(request)
        return self._render(t, "sign_in.html", token=token)

    async def sign_in(self, request: Request) -> Response:
        """Use the link's token once: a session cookie and the page, or a clear refusal."""
        form = await _form(request)
        t = Translator(_form_locale(form), self.settings.tz)
        if not self.sign_ins.allow(_client(request)):
            return self._too_many(t)
        outcome, cookie = await self.access.sign_in(str(form.get("token", ""))[:100])
        if outcome is not SignIn.OK or cookie is None:
            logger.warning("dashboard: sign-in refused (%s)", outcome.value)
            return self._message(
                t,
                403,
                t._("This link no longer works"),
                t._(
                    "A sign-in link works once, within 15 minutes, and only for staff. "
                    "Send /dasbor "
                    "to the bot in Telegram for a new one."
                ),
            )
        response = RedirectResponse(f"{PREFIX}/?lang={t.locale}", status_code=303)
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=int(SESSION_LIFETIME.total_seconds()),
            path=PREFIX,
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )
        return response

    async def sign_out(self, request: Request) -> Response:
        """End the session (the form must carry the session's CSRF token)."""
        viewer = await self._viewer(request)
        if viewer is None:
            return self._refused(request)
        form = await _form(request)
        t = Translator(_form_locale(form), self.settings.tz)
        if not self.access.csrf_ok(viewer, str(form.get("csrf", ""))):
            logger.warning("dashboard: sign-out without the right CSRF token: 403")
            return self._message(
                t,
                403,
                t._("That did not work"),
                t._("The form was out of date. Reload the dashboard and try again."),
            )
        await self.access.sign_out(viewer)
        response = self._message(
            t,
            200,
            t._("Signed out"),
            t._("You have signed out of the dashboard. Send /dasbor to the bot to sign in again."),
        )
        response.delete_cookie(
            COOKIE, path=PREFIX, httponly=True, secure=self.secure, samesite="lax"
        )
        return response

    async def download(self, request: Request) -> Response:
        """The workbook, every table as CSV (zipped), or one table as CSV."""
        looking = await self._looking(request)
        if looking is None:
            return self._refused(request)
        viewer, t, chosen = looking
        what = request.path_params.get("what", "")
        if what == "laporan.xlsx":
            name, content = await self.worker.workbook(chosen.request, t.locale)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        elif what == "laporan-csv.zip":
            zipped = await self.worker.csv(chosen.request, t.locale)
            assert zipped is not None  # every table, zipped: there is always a file
            name, content = zipped
            kind = "application/zip"
        else:
            found = await self.worker.csv(chosen.request, t.locale, what.removesuffix(".csv"))
            if not what.endswith(".csv") or found is None:
                return self._message(t, 404, t._("Not found"), t._("There is no such table."))
            name, content = found
            kind = "text/csv; charset=utf-8"
        await self.access.record_download(
            viewer,
            name,
            {"period": chosen.query(lang="", area=""), "area": chosen.area or "jakarta"},
        )
        return Response(
            content,
            media_type=kind,
            headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
        )

    def _too_many(self, t: Translator) -> HTMLResponse:
        logger.warning("dashboard: too many sign-in attempts from one address: 429")
        return self._message(
            t,
            429,
            t._("Too many attempts"),
            t._("Too many sign-in attempts from this address. Wait a few minutes and try again."),
        )

    def routes(self) -> list:
        """The routes, relative to /dasbor."""
        return [
            Route("/", self.page, methods=["GET"]),
            Route("/masuk", self.sign_in_form, methods=["GET"]),
            Route("/masuk", self.sign_in, methods=["POST"]),
            Route("/keluar", self.sign_out, methods=["POST"]),
            Route("/unduh/{what:path}", self.download, methods=["GET"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]


async def _form(request: Request) -> dict[str, str]:
    """A small url-encoded form (the only kind the dashboard posts); anything else is empty."""
    body = await request.body()
    if len(body) > 4096 or not request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        return {}
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def _form_locale(form: dict[str, str]) -> str:
    """The page's language a form posted back (Indonesian unless it is one we have)."""
    lang = form.get("lang")
    return lang if lang in ("id", "en") else "id"


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def dashboard_app(
    services: Services, settings: Settings, worker: ReportWorker | None = None
) -> Starlette:
    """The dashboard as its own ASGI app, to mount at /dasbor."""
    worker = worker or ReportWorker(settings, services.course, services.clock)
    dashboard = Dashboard(services, settings, worker)
    app = Starlette(routes=dashboard.routes(), middleware=[Middleware(SecurityHeaders)])
    app.state.worker = worker
    return app


def mount(
    services: Services, settings: Settings, worker: ReportWorker | None = None
) -> list[Mount]:
    """The dashboard mounted at /dasbor, or nothing when it is not set up."""
    if not settings.dashboard_enabled:
        return []
    return [Mount(PREFIX, app=dashboard_app(services, settings, worker))]
