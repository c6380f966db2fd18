"""Bot processes of one deployment as the tests run them: one database, one Telegram double,
one time (a manual timer and one clock), every process closed when the test ends."""

from __future__ import annotations

from tests.harness import BotHarness
from tests.timer import ManualTimer


class Deployment:
    """`async with Deployment(url, **settings) as deployment:` then `await deployment.start()`
    for each process; settings given to `start` add to the deployment's."""

    def __init__(self, database_url: str, **settings: object) -> None:
        self.database_url = database_url
        self.settings = settings
        self.timer = ManualTimer()
        self.processes: list[BotHarness] = []

    async def start(self, origin: str | None = None, **settings: object) -> BotHarness:
        """Another process, started; it talks to the first one's Telegram and reads its clock."""
        bot = BotHarness(
            self.database_url, timer=self.timer, origin=origin, **{**self.settings, **settings}
        )
        if self.processes:
            bot.api, bot.clock = self.processes[0].api, self.processes[0].clock
        self.processes.append(bot)
        await bot.start()
        return bot

    async def __aenter__(self) -> Deployment:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for bot in self.processes:
            await bot.close()
