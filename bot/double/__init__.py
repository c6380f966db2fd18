"""An in-process double of the Telegram Bot API, used by the tests and the console chat.

The real python-telegram-bot stack talks to it through a `BaseRequest` subclass (`DoubleRequest`)
or over HTTP (`serve`), so no test ever reaches the network.
"""

from bot.double.api import BOT_TOKEN, FakeTelegram
from bot.double.chat import ChatUser
from bot.double.records import Sent, Upload, busiest_second
from bot.double.request import DoubleRequest

__all__ = [
    "BOT_TOKEN",
    "ChatUser",
    "DoubleRequest",
    "FakeTelegram",
    "Sent",
    "Upload",
    "busiest_second",
]
