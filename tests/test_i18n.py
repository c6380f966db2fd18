"""Every user-facing string is in both catalogs; numbers and dates follow the locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, Translator

ROOT = Path(__file__).parent.parent
KEYWORDS = {"_": None, "n_": (1, 2)}


def _catalog(locale):
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _source_messages() -> set:
    found = set()
    # The same sources as `make messages` (babel.cfg): the code and the dashboard's templates.
    methods = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "bot", method_map=methods, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_msgid_in_the_code_has_a_translation(locale):
    catalog = _catalog(locale)
    missing = []
    for msgid in _source_messages():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        entry = catalog.get(key)
        strings = entry.string if entry else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize("locale", ["id", "en"])
def test_catalogs_hold_no_stale_entries_and_keep_every_placeholder(locale):
    source = {m[0] if isinstance(m, tuple) else m for m in _source_messages()}
    catalog = _catalog(locale)
    stale = [
        m.id
        for m in catalog
        if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in source
    ]
    assert stale == []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", msgid)), msgid


def test_numbers_and_dates_follow_the_locale_in_jakarta_time():
    late_utc = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)  # already 1 December in Jakarta
    indonesian, english = Translator("id"), Translator("en")
    assert indonesian.number(12345.6, 1) == "12.345,6"
    assert english.number(12345.6, 1) == "12,345.6"
    assert indonesian.date(late_utc) == "1 Desember 2026"
    assert english.date(late_utc) == "1 December 2026"
    assert indonesian.n_(
        "{count} short module, about 5 minutes, with a quiz.",
        "{count} short modules, about 5 minutes each, with quizzes.",
        3,
    )
