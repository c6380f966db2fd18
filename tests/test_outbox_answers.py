"""Telegram's answers to a bulk message, classified once for broadcasts, nudges and follow-ups."""

from __future__ import annotations

import pytest
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.outbox import Answer, classify


def _unreachable() -> NetworkError:
    try:
        try:
            raise ConnectionRefusedError("no route to Telegram")
        except ConnectionRefusedError as cause:
            raise NetworkError("Unknown error in HTTP implementation") from cause
    except NetworkError as exc:
        return exc


@pytest.mark.parametrize(
    ("error", "answer", "unreachable"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), Answer.BLOCKED, False),
        (BadRequest("Bad Request: chat not found"), Answer.FAILED, False),
        (NetworkError("Bad Gateway"), Answer.RETRY, False),  # a 5xx Telegram answered
        (RetryAfter(3), Answer.RETRY, False),  # a 429 that kept coming back
        (TimedOut(), Answer.RETRY, True),
        (_unreachable(), Answer.RETRY, True),
    ],
)
def test_each_answer_telegram_gives_is_classified_once(
    error: TelegramError, answer: Answer, unreachable: bool
):
    outcome = classify(error)
    assert (outcome.answer, outcome.unreachable) == (answer, unreachable)
    assert outcome.error == str(error)[:200]


def test_a_long_description_is_cut_to_what_the_records_keep():
    assert len(classify(BadRequest("x" * 500)).error) == 200
