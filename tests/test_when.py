"""The moderator's schedule grammar, read against a fixed clock: Monday 30 November 2026,
09:00 in Jakarta."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.services.when import WhenError, WhenProblem, example_day, parse_when

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB


def at(text: str) -> str:
    return parse_when(text, NOW, JAKARTA).moment.strftime("%a %Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("besok jam 9 pagi", "Tue 2026-12-01 09:00"),
        ("besok pagi", "Tue 2026-12-01 08:00"),
        ("Besok 09:00", "Tue 2026-12-01 09:00"),
        ("tomorrow 9am", "Tue 2026-12-01 09:00"),
        ("lusa sore", "Wed 2026-12-02 16:00"),
        ("hari ini jam 5 sore", "Mon 2026-11-30 17:00"),
        ("nanti 17.30", "Mon 2026-11-30 17:30"),
        ("nanti malam", "Mon 2026-11-30 19:00"),
        ("today 2 pm", "Mon 2026-11-30 14:00"),
        ("17.30", "Mon 2026-11-30 17:30"),
        ("17:30", "Mon 2026-11-30 17:30"),
        ("08:00", "Tue 2026-12-01 08:00"),  # a bare time already past today: tomorrow
        ("Sabtu 08:00", "Sat 2026-12-05 08:00"),
        ("hari Sabtu jam 8 pagi", "Sat 2026-12-05 08:00"),
        ("Saturday at 08:00", "Sat 2026-12-05 08:00"),
        ("Senin 10.00", "Mon 2026-11-30 10:00"),  # today, still ahead
        ("Senin 08.00", "Mon 2026-12-07 08:00"),  # today's has passed: next week
        ("jumat jam 1 siang", "Fri 2026-12-04 13:00"),
        ("3 Des 2026 08:00", "Thu 2026-12-03 08:00"),
        ("3 Desember 2026 08.00", "Thu 2026-12-03 08:00"),
        ("Kamis, 3 Desember 2026 pukul 08.00 WIB", "Thu 2026-12-03 08:00"),
        ("3 Dec 2026 at 8:00", "Thu 2026-12-03 08:00"),
        ("December 3 8pm", "Thu 2026-12-03 20:00"),
        ("tgl 5 jan jam 7 malam", "Tue 2027-01-05 19:00"),  # no year: the next 5 January
        ("2026-12-01 08:30", "Tue 2026-12-01 08:30"),
        ("2026-12-01T08:30", "Tue 2026-12-01 08:30"),
        ("1/12/2026 08:30", "Tue 2026-12-01 08:30"),
        ("1/12 08:30", "Tue 2026-12-01 08:30"),
    ],
)
def test_phrases_moderators_type_are_read(typed, expected):
    assert at(typed) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("kemarin sore", WhenProblem.UNREADABLE),
        ("besok", WhenProblem.UNREADABLE),  # a day without a time is not a moment
        ("besok jam 25", WhenProblem.UNREADABLE),
        ("jam 9 malam pagi", WhenProblem.UNREADABLE),
        ("besok 09:00 atau lusa", WhenProblem.UNREADABLE),
        ("secepatnya", WhenProblem.UNREADABLE),
        ("2026-12-01 08:30 12", WhenProblem.UNREADABLE),
        ("2026-11-29 08:30", WhenProblem.PAST),
        ("nanti 08.00", WhenProblem.PAST),
        ("31 Nov 2026 08:00", WhenProblem.NO_SUCH_DATE),
        ("Rabu 3 Des 2026 08:00", WhenProblem.WEEKDAY_MISMATCH),
    ],
)
def test_what_cannot_be_read_is_refused_with_the_reason(typed, problem):
    with pytest.raises(WhenError) as caught:
        parse_when(typed, NOW, JAKARTA)
    assert caught.value.problem is problem


@pytest.mark.parametrize(
    ("typed", "quiet"),
    [
        ("besok 06:30", True),
        ("besok 07:00", False),
        ("nanti 20.59", False),
        ("nanti 21.00", True),
        ("besok jam 11 malam", True),
        ("besok jam 9 pagi", False),
    ],
)
def test_the_quiet_hours_are_flagged(typed, quiet):
    assert parse_when(typed, NOW, JAKARTA).quiet is quiet


def test_the_prompt_examples_are_tomorrow_and_read_back():
    day = example_day(NOW, JAKARTA)
    for locale in ("id", "en"):
        t = Translator(locale)
        for typed in (
            t._("tomorrow 08:30"),
            f"{t.day_month(day)} 08.30",
            f"{day.isoformat()} 08:30",
        ):
            assert at(typed) == "Tue 2026-12-01 08:30"


def test_the_moment_reads_like_a_person_wrote_it():
    moment = parse_when("2 Des 2026 09.00", NOW, JAKARTA).moment
    assert Translator("id").moment(moment) == "Rabu, 2 Desember 2026 pukul 09.00 WIB"
    assert Translator("en").moment(moment) == "Wednesday, 2 December 2026 at 09:00 WIB"
