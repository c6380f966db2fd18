"""The dashboard in a real browser (Debian's headless Chromium through Selenium): a staff member
signs in with the /dasbor link, changes the period and the area, sees every chart drawn with no
console error, downloads the workbook; a screenshot on 5,000 demo residents goes to data/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.config import PROJECT_ROOT
from bot.dashboard.serve import standalone_app
from bot.services.demo import DemoDataService
from tests.dashboard_client import SECRET
from tests.harness import ADMIN_ID, BotHarness
from tests.report_data import COURSE

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
SCREENSHOT = PROJECT_ROOT / "data" / "dashboard-5000-demo.png"
WAIT_S = 60.0  # the longest a state may take to appear on a loaded 2-core machine

webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed")
if not (CHROMIUM.exists() and DRIVER.exists()):
    pytest.skip(
        "Chromium is absent: apt-get install chromium chromium-driver (.ci/run does)",
        allow_module_level=True,
    )
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def wait_for(condition: Callable[[], object], what: str, limit: float = WAIT_S):
    """Poll `condition` until it returns something true (bounded); fail naming `what`."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            result = condition()
        except (StaleElementReferenceException, NoSuchElementException):
            result = None  # the page is being replaced: not there yet
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


class LiveDashboard:
    """`python -m bot dashboard` as uvicorn serves it, on a free port, in a thread."""

    def __init__(self, settings, clock) -> None:
        import uvicorn

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.settings = settings.model_copy(update={"dashboard_url": self.url})
        config = uvicorn.Config(
            standalone_app(self.settings, clock=clock, course=COURSE),
            log_level="warning",
            lifespan="on",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def __enter__(self) -> LiveDashboard:
        self.thread.start()
        wait_for(lambda: self.server.started, "the dashboard server to start")
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(WAIT_S)
        self.socket.close()


def _browser(downloads: Path):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--lang=id",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(executable_path=str(DRIVER))
    )
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return driver


def _drawn(driver) -> int:
    """How many charts the page's script drew (0 until it ran)."""
    return int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-charts") or 0)


def _after_reload(driver, old_heading) -> str:
    """Wait for the next page (the old heading gone, charts drawn); its heading text."""
    wait_for(lambda: _stale(old_heading), "the page to reload")
    wait_for(lambda: _drawn(driver), "the charts to be drawn")
    return driver.find_element(By.ID, "heading").text


def _stale(element) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    return False


def _canvases_painted(driver) -> bool:
    """Every canvas belongs to a Chart.js chart and holds drawn pixels."""
    return driver.execute_script("""
        const canvases = Array.from(document.querySelectorAll('canvas'));
        return canvases.length > 0 && canvases.every(c => {
            if (!Chart.getChart(c) || c.width === 0) return false;
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < px.length; i += 4) {
                if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) return true;
            }
            return false;
        });""")


async def test_staff_sign_in_filter_see_charts_and_download_in_chromium(database_url, tmp_path):
    bot = BotHarness(database_url, dashboard_url="http://127.0.0.1", dashboard_secret=SECRET)
    await bot.start()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    try:
        await DemoDataService(bot.db, COURSE, bot.clock, bot.settings.tz).generate(
            5000, days=120, seed=1
        )
        with LiveDashboard(bot.settings, bot.clock) as live:
            # The link /dasbor sends, pointed at the live server's port.
            bot.app.bot_data.settings = live.settings
            reply = (await bot.user(ADMIN_ID, first_name="Staf").send("/dasbor"))[-1]
            link = reply.text.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
            assert link.startswith(live.url)
            driver = _browser(downloads)
            try:
                _use_the_dashboard(driver, link, downloads)
            finally:
                driver.quit()
    finally:
        await bot.close()


def _use_the_dashboard(driver, link: str, downloads: Path) -> None:
    driver.get(link)
    button = driver.find_element(By.ID, "sign-in")
    assert button.text == "Masuk"
    button.click()
    charts = wait_for(lambda: _drawn(driver), "the charts to be drawn")
    heading = driver.find_element(By.ID, "heading")
    assert "30 hari terakhir" in heading.text and "DATA DEMO" in heading.text
    assert charts == len(driver.find_elements(By.TAG_NAME, "canvas")) >= 8
    assert wait_for(lambda: _canvases_painted(driver), "every canvas to be painted")

    Select(driver.find_element(By.ID, "period")).select_by_value("7d")
    heading_text = _after_reload(driver, heading)
    assert "7 hari terakhir" in heading_text and "seluruh Jakarta" in heading_text
    heading = driver.find_element(By.ID, "heading")
    Select(driver.find_element(By.ID, "area")).select_by_value("jakut")
    assert "Jakarta Utara" in _after_reload(driver, heading)
    heading = driver.find_element(By.ID, "heading")
    Select(driver.find_element(By.ID, "period")).select_by_value("all")
    assert "sepanjang waktu" in _after_reload(driver, heading)
    assert wait_for(lambda: _canvases_painted(driver), "every canvas to be painted")

    driver.find_element(By.ID, "download-xlsx").click()
    workbook = wait_for(
        lambda: next((p for p in downloads.glob("*.xlsx")), None), "the workbook download"
    )
    wait_for(lambda: not list(downloads.glob("*.crdownload")), "the download to finish")
    assert workbook.name == "laporan-warga-tangguh_awal_2026-11-30_jakut.xlsx"
    assert "Ringkasan" in load_workbook(workbook).sheetnames

    driver.find_element(By.CSS_SELECTOR, 'button.png[data-chart="funnel"]').click()
    png = wait_for(
        lambda: next((p for p in downloads.glob("funnel.png")), None), "the chart's PNG download"
    )
    wait_for(lambda: png.stat().st_size > 1000, "the PNG to be written")

    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    _screenshot(driver)


def _screenshot(driver) -> None:
    """The whole page (all of Jakarta, all time) as data/dashboard-5000-demo.png."""
    heading = driver.find_element(By.ID, "heading")
    Select(driver.find_element(By.ID, "area")).select_by_value("")
    _after_reload(driver, heading)
    wait_for(lambda: _canvases_painted(driver), "every canvas to be painted")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, height + 40)
    wait_for(lambda: _canvases_painted(driver), "the charts to be drawn at the new size")
    SCREENSHOT.parent.mkdir(exist_ok=True)
    driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 50_000
