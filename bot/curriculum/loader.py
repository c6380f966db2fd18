"""Load and validate `content/`; every error names the file, the id and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.curriculum.model import (
    Card,
    Course,
    Instrument,
    Module,
    Question,
    Region,
    Source,
    SurveyItem,
    Text,
)

SCHEMA_VERSION = 1
CARD_MAX_CHARS = 600
EXPLANATION_MAX_CHARS = 200
CARDS_PER_MODULE = (3, 6)
QUESTIONS_PER_MODULE = (3, 5)
OPTIONS_PER_QUESTION = (3, 4)
MAX_SCALE_POINTS = 11
LOCALES = ("id", "en")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")
_DIGIT = re.compile(r"\d")


class ContentError(Exception):
    """Invalid content; `problems` lists every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Checker:
    """Collects problems for one file so that a writer sees all of them at once."""

    def __init__(self, path: Path, root: Path, problems: list[str]) -> None:
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems

    def fail(self, where: str, field: str, message: str) -> None:
        location = f"{self.name}: {where}: " if where else f"{self.name}: "
        self.problems.append(f"{location}field '{field}': {message}")

    def mapping(self, data: Any, where: str, field: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail(where, field, "must be a mapping")
            return {}
        return data

    def items(self, data: dict[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list):
            self.fail(where, key, "must be a list" if key in data else "is missing")
            return []
        return value

    def string(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, key, "must be a non-empty text" if key in data else "is missing")
            return ""
        return value.strip()

    def text(self, data: dict[str, Any], key: str, where: str, limit: int | None = None) -> Text:
        raw = data.get(key)
        if not isinstance(raw, dict):
            problem = "must map 'id' and 'en' to texts" if key in data else "is missing"
            self.fail(where, key, problem)
            return Text("", "")
        values = {}
        for locale in LOCALES:
            value = raw.get(locale)
            if not isinstance(value, str) or not value.strip():
                self.fail(where, f"{key}.{locale}", "is missing or empty")
                values[locale] = ""
                continue
            value = value.strip()
            if limit is not None and len(value) > limit:
                self.fail(where, f"{key}.{locale}", f"has {len(value)} characters, at most {limit}")
            values[locale] = value
        return Text(values["id"], values["en"])

    def unique_id(self, data: dict[str, Any], where: str, seen: set[str], pattern=_ID) -> str:
        value = data.get("id")
        if not isinstance(value, str) or not pattern.fullmatch(value):  # `$` allows a "\n"
            self.fail(where, "id", f"must match {pattern.pattern}")
            return str(value)
        if value in seen:
            self.fail(where, "id", f"duplicate id '{value}'")
        seen.add(value)
        return value

    def schema(self, data: dict[str, Any]) -> None:
        if data.get("schema_version") != SCHEMA_VERSION:
            self.fail("", "schema_version", f"must be {SCHEMA_VERSION}")


def _read_yaml(path: Path, root: Path, problems: list[str]) -> dict[str, Any] | None:
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    if not path.is_file():
        problems.append(f"{name}: file is missing")
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # Besides YAMLError, PyYAML's constructors raise these on scalars that only look valid
    # (`2024-13-45`, `!!timestamp x`), and nesting too deep ends in RecursionError.
    except (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        problems.append(f"{name}: not valid YAML: {exc}".replace("\n", " "))
        return None
    if not isinstance(data, dict):
        problems.append(f"{name}: must hold a mapping at the top level")
        return None
    return data


def _source_refs(c: _Checker, data: dict[str, Any], where: str, known: set[str],
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


def _sources(c: _Checker, data: dict[str, Any], where: str) -> tuple[Source, ...]:
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


def _question(c: _Checker, raw: Any, i: int, module_id: str, seen: set[str],
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
    return Question(qid, module_id, text, tuple(options), correct - 1, explanation, sources)


def _module(path: Path, root: Path, number: int, problems: list[str],
            card_ids: set[str], question_ids: set[str]) -> Module | None:
    data = _read_yaml(path, root, problems)
    if data is None:
        return None
    c = _Checker(path, root, problems)
    c.schema(data)
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
        cards.append(Card(cid, text, _source_refs(c, card, f"card {cid}", known, [text])))
    action = c.mapping(data.get("action"), where, "action")
    if action:
        text = c.text(action, "text", f"{where} action", CARD_MAX_CHARS)
        refs = _source_refs(c, action, f"{where} action", known, [text])
        cards.append(Card(f"{path.stem}-action", text, refs, is_action=True))
    raw_quiz = c.items(data, "quiz", where)
    low, high = QUESTIONS_PER_MODULE
    if raw_quiz and not low <= len(raw_quiz) <= high:
        c.fail(where, "quiz", f"has {len(raw_quiz)} questions, needs {low} to {high}")
    questions = [
        q for i, raw in enumerate(raw_quiz)
        if (q := _question(c, raw, i, path.stem, question_ids, known)) is not None
    ]
    return Module(path.stem, number, title, tuple(cards), tuple(questions), sources)


def _instrument(root: Path, name: str, kind: str, problems: list[str]) -> Instrument | None:
    path = root / f"{name}.yaml"
    data = _read_yaml(path, root, problems)
    if data is None:
        return None
    c = _Checker(path, root, problems)
    c.schema(data)
    title = c.text(data, "title", name)
    intro = c.text(data, "intro", name)
    labels: dict[int, Text] = {}
    subscales: dict[str, Text] = {}
    low, high = (0, 1)
    if kind == "likert":
        scale = c.mapping(data.get("scale"), name, "scale")
        low, high = scale.get("min"), scale.get("max")
        # Bounded: every point gets a label and a button (and min: -1e9 would never finish).
        if not (isinstance(low, int) and isinstance(high, int)
                and low < high < low + MAX_SCALE_POINTS):
            c.fail(name, "scale", f"needs integer 'min' < 'max', at most {MAX_SCALE_POINTS} points")
            low, high = 1, 5
        raw_labels = c.mapping(scale.get("labels"), name, "scale.labels")
        for value in range(low, high + 1):
            labels[value] = c.text(raw_labels, value, f"{name} scale.labels")
        for key, raw in c.mapping(data.get("subscales"), name, "subscales").items():
            subscales[str(key)] = c.text({"s": raw}, "s", f"{name} subscale {key}")
    seen: set[str] = set()
    items = []
    for i, raw in enumerate(c.items(data, "items", name)):
        entry = c.mapping(raw, f"items[{i}]", "items")
        if not entry:
            continue
        iid = c.unique_id(entry, f"items[{i}]", seen, _ITEM_ID)
        where = f"item {iid}"
        text = c.text(entry, "text", where, CARD_MAX_CHARS)
        reverse, subscale = False, None
        if kind == "likert":
            reverse = entry.get("reverse")
            if not isinstance(reverse, bool):
                c.fail(where, "reverse", "must say the scoring direction: true or false")
                reverse = False
            subscale = entry.get("subscale")
            if not isinstance(subscale, str) or subscale not in subscales:
                c.fail(where, "subscale", f"must be one of {sorted(subscales)}")
        items.append(SurveyItem(iid, text, bool(reverse), subscale))
    if not items:
        c.fail(name, "items", "needs at least one item")
    return Instrument(name, kind, title, intro, tuple(items), low, high, labels, subscales)


def _regions(root: Path, problems: list[str]) -> tuple[Region, ...]:
    path = root / "regions.yaml"
    data = _read_yaml(path, root, problems)
    if data is None:
        return ()
    c = _Checker(path, root, problems)
    c.schema(data)
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
    """Read and validate every file under `root`; raise ContentError listing all problems."""
    root = Path(root).resolve()
    problems: list[str] = []
    index = _read_yaml(root / "course.yaml", root, problems)
    modules: list[Module] = []
    if index is not None:
        c = _Checker(root / "course.yaml", root, problems)
        c.schema(index)
        ids = c.items(index, "modules", "course")
        if "modules" in index and not ids:
            c.fail("course", "modules", "needs at least one module")
        if len(ids) != len(set(map(str, ids))):
            c.fail("course", "modules", "lists a module twice")
        card_ids: set[str] = set()
        question_ids: set[str] = set()
        for number, mid in enumerate(ids, start=1):
            if not isinstance(mid, str) or not _ID.fullmatch(mid):
                c.fail("course", "modules", f"'{mid}' is not a module id")
                continue
            module = _module(root / "modules" / f"{mid}.yaml", root, number, problems,
                             card_ids, question_ids)
            if module is not None:
                modules.append(module)
    attitude = _instrument(root, "survey", "likert", problems)
    checklist = _instrument(root, "checklist", "yesno", problems)
    regions = _regions(root, problems)
    if problems or attitude is None or checklist is None:
        raise ContentError(problems)
    return Course(tuple(modules), attitude, checklist, regions)
