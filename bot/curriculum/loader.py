"""Load and validate `content/`; every error names the file, the id and the field."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.curriculum.checker import (
    CARD_MAX_CHARS,
    ID,
    LOCALES,
    Checker,
    ContentError,
    open_file,
)
from bot.curriculum.instruments import instrument_versions
from bot.curriculum.model import Card, Course, Module, Question, Region, Source, Text

__all__ = ["ContentError", "load_course"]

EXPLANATION_MAX_CHARS = 200
FOLLOWUP_MAX_CHARS = 160
CARDS_PER_MODULE = (3, 6)
QUESTIONS_PER_MODULE = (3, 5)
OPTIONS_PER_QUESTION = (3, 4)
_DIGIT = re.compile(r"\d")


def _source_refs(c: Checker, data: dict[str, Any], where: str, known: set[str],
                 texts: list[Text]) -> tuple[str, ...]:
    raw = data.get("sources", [])
    if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
        c.fail(where, "sources", "must be a list of source ids")
        return ()
    for ref in raw:
        if ref not in known:
            c.fail(where, "sources", f"names unknown source '{ref}'")
    if not raw and any(_DIGIT.search(t.id) or _DIGIT.search(t.en) for t in texts):
        c.fail(where, "sources", "a text holds a figure, so it must name the source it comes from")
    return tuple(raw)


def _sources(c: Checker, data: dict[str, Any], where: str) -> tuple[Source, ...]:
    raw = c.items(data, "sources", where)
    if "sources" in data and not raw:
        c.fail(where, "sources", "needs at least one source")
    seen: set[str] = set()
    result = []
    for i, entry in enumerate(raw):
        where = f"sources[{i}]"
        entry = c.mapping(entry, where, "sources")
        if not entry:
            continue
        sid = c.unique_id(entry, where, seen)
        where = f"source {sid}"
        year = entry.get("year")
        if not isinstance(year, int) or not 1600 <= year <= 2100:
            c.fail(where, "year", "must be a year such as 2024")
            year = 0
        url = entry.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith("http")):
            c.fail(where, "url", "must start with http")
        result.append(Source(sid, c.string(entry, "publisher", where),
                             c.string(entry, "title", where), year, url))
    return tuple(result)


def _question(c: Checker, raw: Any, i: int, module_id: str, seen: set[str],
              known: set[str]) -> Question | None:
    data = c.mapping(raw, f"quiz[{i}]", "quiz")
    if not data:
        return None
    qid = c.unique_id(data, f"quiz[{i}]", seen)
    where = f"question {qid}"
    text = c.text(data, "question", where)
    options: list[Text] = []
    raw_options = c.items(data, "options", where)
    low, high = OPTIONS_PER_QUESTION
    if raw_options and not low <= len(raw_options) <= high:
        c.fail(where, "options", f"has {len(raw_options)} options, needs {low} to {high}")
    for j, opt in enumerate(raw_options):
        options.append(c.text({"o": opt}, "o", f"{where} option {j + 1}"))
    for locale in LOCALES:
        values = [o.get(locale).casefold() for o in options if o.get(locale)]
        if len(values) != len(set(values)):
            c.fail(where, f"options.{locale}", "two options are the same")
    correct = data.get("correct")
    if not isinstance(correct, int) or isinstance(correct, bool) or not (
        1 <= correct <= max(len(options), 1)
    ):
        c.fail(where, "correct", f"must be the number of an option, 1 to {len(options)}")
        correct = 1
    explanation = c.text(data, "explanation", where, EXPLANATION_MAX_CHARS)
    sources = _source_refs(c, data, where, known, [text, explanation, *options])
    return Question(qid, module_id, text, tuple(options), correct - 1, explanation, sources,
                    c.flag(data, "idea", where))


def _followup(c: Checker, action: dict[str, Any], where: str) -> Text:
    """The action's follow-up question: one short line ending in "?" in both languages."""
    followup = c.text(action, "followup", where, FOLLOWUP_MAX_CHARS)
    for locale in LOCALES:
        value = followup.get(locale)
        if value and ("\n" in value or not value.endswith("?")):
            c.fail(where, f"followup.{locale}", "must be one line ending in '?' (Sudah sempat …?)")
    return followup


def _module(path: Path, root: Path, number: int, problems: list[str],
            card_ids: set[str], question_ids: set[str]) -> Module | None:
    opened = open_file(path, root, problems)
    if opened is None:
        return None
    data, c = opened
    mid = data.get("id")
    if mid != path.stem:
        c.fail(f"module {path.stem}", "id", f"must be '{path.stem}', the file name")
    where = f"module {path.stem}"
    title = c.text(data, "title", where)
    sources = _sources(c, data, where)
    known = {s.id for s in sources}
    cards: list[Card] = []
    raw_cards = c.items(data, "cards", where)
    low, high = CARDS_PER_MODULE
    if raw_cards and not low <= len(raw_cards) <= high:
        c.fail(where, "cards", f"has {len(raw_cards)} cards, needs {low} to {high}")
    for i, raw in enumerate(raw_cards):
        card = c.mapping(raw, f"cards[{i}]", "cards")
        if not card:
            continue
        cid = c.unique_id(card, f"cards[{i}]", card_ids)
        text = c.text(card, "text", f"card {cid}", CARD_MAX_CHARS)
        cards.append(Card(cid, text, _source_refs(c, card, f"card {cid}", known, [text]),
                          idea=c.flag(card, "idea", f"card {cid}")))
    if raw_cards and not any(card.idea for card in cards):
        c.fail(where, "cards", "needs at least one card with 'idea: true'")
    action = c.mapping(data.get("action"), where, "action")
    if action:
        text = c.text(action, "text", f"{where} action", CARD_MAX_CHARS)
        followup = _followup(c, action, f"{where} action")
        refs = _source_refs(c, action, f"{where} action", known, [text, followup])
        cards.append(Card(f"{path.stem}-action", text, refs, is_action=True, followup=followup))
    raw_quiz = c.items(data, "quiz", where)
    low, high = QUESTIONS_PER_MODULE
    if raw_quiz and not low <= len(raw_quiz) <= high:
        c.fail(where, "quiz", f"has {len(raw_quiz)} questions, needs {low} to {high}")
    questions = [
        q for i, raw in enumerate(raw_quiz)
        if (q := _question(c, raw, i, path.stem, question_ids, known)) is not None
    ]
    if raw_quiz and not any(q.idea for q in questions):
        c.fail(where, "quiz", "needs at least one question with 'idea: true'")
    return Module(path.stem, number, title, tuple(cards), tuple(questions), sources)

def _regions(root: Path, problems: list[str]) -> tuple[Region, ...]:
    path = root / "regions.yaml"
    opened = open_file(path, root, problems)
    if opened is None:
        return ()
    data, c = opened
    region_ids: set[str] = set()
    district_ids: set[str] = set()
    regions = []
    for i, raw in enumerate(c.items(data, "regions", "regions")):
        entry = c.mapping(raw, f"regions[{i}]", "regions")
        if not entry:
            continue
        rid = c.unique_id(entry, f"regions[{i}]", region_ids)
        districts = []
        for j, d in enumerate(c.items(entry, "kecamatan", f"region {rid}")):
            d = c.mapping(d, f"region {rid} kecamatan[{j}]", "kecamatan")
            if d:
                did = c.unique_id(d, f"region {rid} kecamatan[{j}]", district_ids)
                districts.append((did, c.string(d, "name", f"kecamatan {did}")))
        regions.append(Region(rid, c.string(entry, "name", f"region {rid}"), tuple(districts)))
    return tuple(regions)


def load_course(root: Path) -> Course:
    """Read and validate every file under `root`; raise ContentError listing all problems.

    A course is immutable, so the same files give the same Course: it is parsed again only
    when a file under `root` was added, removed or changed."""
    root = Path(root).resolve()
    return _parsed(root, _fingerprint(root))


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under `root` with its modification time and size."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return tuple((str(p.relative_to(root)), (st := p.stat()).st_mtime_ns, st.st_size)
                 for p in files)


@lru_cache(maxsize=8)
def _parsed(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Course:
    """The course under `root` whose files have this fingerprint (see load_course)."""
    problems: list[str] = []
    opened = open_file(root / "course.yaml", root, problems)
    modules: list[Module] = []
    if opened is not None:
        index, c = opened
        ids = c.items(index, "modules", "course")
        if "modules" in index and not ids:
            c.fail("course", "modules", "needs at least one module")
        if len(ids) != len(set(map(str, ids))):
            c.fail("course", "modules", "lists a module twice")
        card_ids: set[str] = set()
        question_ids: set[str] = set()
        for number, mid in enumerate(ids, start=1):
            if not isinstance(mid, str) or not ID.fullmatch(mid):
                c.fail("course", "modules", f"'{mid}' is not a module id")
                continue
            module = _module(root / "modules" / f"{mid}.yaml", root, number, problems,
                             card_ids, question_ids)
            if module is not None:
                modules.append(module)
    attitude, old_surveys = instrument_versions(root, "survey", "likert", problems)
    checklist, old_checklists = instrument_versions(root, "checklist", "yesno", problems)
    regions = _regions(root, problems)
    if problems or attitude is None or checklist is None:
        raise ContentError(problems)
    return Course(tuple(modules), attitude, checklist, regions,
                  tuple(old_surveys + old_checklists))
