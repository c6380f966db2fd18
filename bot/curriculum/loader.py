"""Load and validate `content/`; every error names the file, the id and the field."""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.curriculum import schema
from bot.curriculum.checker import ID, LOCALES, Checker, ContentError, open_file
from bot.curriculum.instruments import instrument_versions
from bot.curriculum.model import Card, Course, Module, Question, Region, Source, Text

__all__ = ["ContentError", "load_course"]

CARDS_PER_MODULE = (3, 6)
QUESTIONS_PER_MODULE = (3, 5)
OPTIONS_PER_QUESTION = (3, 4)
_DIGIT = re.compile(r"\d")  # a text with a figure must name its source
_SETTLED_NS = 2_000_000_000  # content older than this is kept, parsed, while it stays the same


def _text(texts: schema.Texts) -> Text:
    return Text(texts.id, texts.en)


def _unique(c: Checker, where: str, ident: str, seen: set[str]) -> None:
    if ident in seen:
        c.fail(where, "id", f"duplicate id '{ident}'")
    seen.add(ident)


def _count(c: Checker, where: str, field: str, found: list[Any], bounds: tuple[int, int]) -> None:
    low, high = bounds
    if not low <= len(found) <= high:
        noun = {"cards": "cards", "quiz": "questions", "options": "options"}[field]
        c.fail(where, field, f"has {len(found)} {noun}, needs {low} to {high}")


def _sources(
    c: Checker, where: str, refs: list[str], known: set[str], texts: list[schema.Texts]
) -> tuple[str, ...]:
    """The source ids a card, an action or a question names: known ones, and one at least
    where a text holds a figure."""
    for ref in refs:
        if ref not in known:
            c.fail(where, "sources", f"names unknown source '{ref}'")
    if not refs and any(_DIGIT.search(t.id) or _DIGIT.search(t.en) for t in texts):
        c.fail(where, "sources", "a text holds a figure, so it must name the source it comes from")
    return tuple(refs)


def _question(
    c: Checker, q: schema.QuestionEntry, module_id: str, seen: set[str], known: set[str]
) -> Question:
    where = f"question {q.id}"
    _unique(c, where, q.id, seen)
    _count(c, where, "options", q.options, OPTIONS_PER_QUESTION)
    for locale in LOCALES:
        values = [getattr(o, locale).casefold() for o in q.options]
        if len(values) != len(set(values)):
            c.fail(where, f"options.{locale}", "two options are the same")
    if not 1 <= q.correct <= max(len(q.options), 1):
        c.fail(where, "correct", f"must be the number of an option, 1 to {len(q.options)}")
    sources = _sources(c, where, q.sources, known, [q.question, q.explanation, *q.options])
    return Question(
        q.id,
        module_id,
        _text(q.question),
        tuple(map(_text, q.options)),
        q.correct - 1,
        _text(q.explanation),
        sources,
        q.idea,
    )


def _action(c: Checker, action: schema.ActionEntry, module_id: str, known: set[str]) -> Card:
    """The module's action, with its follow-up: one short line ending in "?" in both
    languages."""
    where = f"module {module_id} action"
    for locale in LOCALES:
        value = getattr(action.followup, locale)
        if "\n" in value or not value.endswith("?"):
            c.fail(where, f"followup.{locale}", "must be one line ending in '?' (Sudah sempat …?)")
    refs = _sources(c, where, action.sources, known, [action.text, action.followup])
    return Card(
        f"{module_id}-action",
        _text(action.text),
        refs,
        is_action=True,
        followup=_text(action.followup),
    )


def _module(
    path: Path,
    root: Path,
    number: int,
    problems: list[str],
    card_ids: set[str],
    question_ids: set[str],
) -> Module | None:
    opened = open_file(path, root, problems)
    if opened is None:
        return None
    data, c = opened
    where = f"module {path.stem}"
    m = schema.validated(schema.ModuleFile, data, c, where)
    if m is None:
        return None
    if m.id != path.stem:
        c.fail(where, "id", f"must be '{path.stem}', the file name")
    if not m.sources:
        c.fail(where, "sources", "needs at least one source")
    source_ids: set[str] = set()
    for source in m.sources:
        _unique(c, f"source {source.id}", source.id, source_ids)
    _count(c, where, "cards", m.cards, CARDS_PER_MODULE)
    cards = []
    for card in m.cards:
        _unique(c, f"card {card.id}", card.id, card_ids)
        refs = _sources(c, f"card {card.id}", card.sources, source_ids, [card.text])
        cards.append(Card(card.id, _text(card.text), refs, idea=card.idea))
    if not any(card.idea for card in m.cards):
        c.fail(where, "cards", "needs at least one card with 'idea: true'")
    cards.append(_action(c, m.action, path.stem, source_ids))
    _count(c, where, "quiz", m.quiz, QUESTIONS_PER_MODULE)
    questions = tuple(_question(c, q, path.stem, question_ids, source_ids) for q in m.quiz)
    if not any(q.idea for q in questions):
        c.fail(where, "quiz", "needs at least one question with 'idea: true'")
    sources = tuple(Source(s.id, s.publisher, s.title, s.year, s.url) for s in m.sources)
    return Module(path.stem, number, _text(m.title), tuple(cards), questions, sources)


def _regions(root: Path, problems: list[str]) -> tuple[Region, ...]:
    opened = open_file(root / "regions.yaml", root, problems)
    if opened is None:
        return ()
    data, c = opened
    regions = schema.validated(schema.RegionsFile, data, c, "regions")
    if regions is None:
        return ()
    region_ids: set[str] = set()
    district_ids: set[str] = set()
    for region in regions.regions:
        _unique(c, f"region {region.id}", region.id, region_ids)
        for district in region.kecamatan:
            _unique(c, f"kecamatan {district.id}", district.id, district_ids)
    return tuple(
        Region(r.id, r.name, tuple((d.id, d.name) for d in r.kecamatan)) for r in regions.regions
    )


def _module_ids(root: Path, problems: list[str]) -> list[str]:
    """The module ids course.yaml lists, in order."""
    opened = open_file(root / "course.yaml", root, problems)
    if opened is None:
        return []
    data, c = opened
    index = schema.validated(schema.CourseFile, data, c, "course")
    if index is None:
        return []
    if not index.modules:
        c.fail("course", "modules", "needs at least one module")
    if len(index.modules) != len(set(index.modules)):
        c.fail("course", "modules", "lists a module twice")
    for mid in index.modules:
        if not ID.fullmatch(mid):
            c.fail("course", "modules", f"'{mid}' is not a module id")
    return [mid for mid in dict.fromkeys(index.modules) if ID.fullmatch(mid)]


def load_course(root: Path) -> Course:
    """Read and validate every file under `root`; raise ContentError listing all problems.

    A course is immutable, so the same files give the same Course: it is parsed again only
    when a file under `root` was added, removed or changed (its time or size)."""
    root = Path(root).resolve()
    fingerprint = _fingerprint(root)
    # A file written within the clock's resolution may change again with the same time and
    # size (as git's "racily clean" index entries): such content is not kept.
    newest = max((mtime for _, mtime, _ in fingerprint), default=0)
    if time.time_ns() - newest < _SETTLED_NS:
        return _parse(root)
    return _parsed(root, fingerprint)


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under `root` with its modification time and size."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return tuple(
        (str(p.relative_to(root)), (st := p.stat()).st_mtime_ns, st.st_size) for p in files
    )


@lru_cache(maxsize=8)
def _parsed(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> Course:
    """The course under `root` whose files have this fingerprint (see load_course)."""
    return _parse(root)


def _parse(root: Path) -> Course:
    problems: list[str] = []
    card_ids: set[str] = set()
    question_ids: set[str] = set()
    modules = [
        module
        for number, mid in enumerate(_module_ids(root, problems), start=1)
        if (
            module := _module(
                root / "modules" / f"{mid}.yaml", root, number, problems, card_ids, question_ids
            )
        )
        is not None
    ]
    attitude, old_surveys = instrument_versions(root, "survey", "likert", problems)
    checklist, old_checklists = instrument_versions(root, "checklist", "yesno", problems)
    regions = _regions(root, problems)
    if problems or attitude is None or checklist is None:
        raise ContentError(problems)
    return Course(tuple(modules), attitude, checklist, regions, tuple(old_surveys + old_checklists))
