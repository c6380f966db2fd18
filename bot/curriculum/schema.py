"""The content files' shapes as pydantic models: fields, types and lengths.

The rules between entries (unique ids, known sources, counts, versions) are the loader's;
`validated` turns pydantic's errors into lines that name the file, the id and the field.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.curriculum.checker import CARD_MAX_CHARS, ID, ITEM_ID, LOCALES, Checker

EXPLANATION_MAX_CHARS = 200
FOLLOWUP_MAX_CHARS = 160


Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
CardWords = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CARD_MAX_CHARS)
]
ExplanationWords = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=EXPLANATION_MAX_CHARS)
]
FollowupWords = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=FOLLOWUP_MAX_CHARS)
]
Id = Annotated[str, StringConstraints(pattern=ID.pattern)]
ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID.pattern)]


class Entry(BaseModel):
    """A mapping in a content file: strict types (no "1" for 1), unknown keys ignored."""

    model_config = ConfigDict(strict=True, frozen=True)


class Texts(Entry):
    """A text in Indonesian (`id`) and English (`en`)."""

    id: Words
    en: Words


class CardTexts(Texts):
    id: CardWords
    en: CardWords


class ExplanationTexts(Texts):
    id: ExplanationWords
    en: ExplanationWords


class FollowupTexts(Texts):
    id: FollowupWords
    en: FollowupWords


class SourceEntry(Entry):
    id: Id
    publisher: Words
    title: Words
    year: Annotated[int, Field(ge=1600, le=2100)]
    url: Annotated[str, StringConstraints(pattern=r"^http")] | None = None


class CardEntry(Entry):
    id: Id
    text: CardTexts
    sources: list[str] = []
    idea: bool = False  # connects the hazard to the industri ketahanan kota


class ActionEntry(Entry):
    text: CardTexts
    followup: FollowupTexts
    sources: list[str] = []


class QuestionEntry(Entry):
    id: Id
    question: Texts
    options: list[Texts]
    correct: int  # 1-based in the file
    explanation: ExplanationTexts
    sources: list[str] = []
    idea: bool = False


class ModuleFile(Entry):
    id: str
    title: Texts
    sources: list[SourceEntry]
    cards: list[CardEntry]
    action: ActionEntry
    quiz: list[QuestionEntry]


class CourseFile(Entry):
    modules: list[str]


class CheckItem(Entry):
    id: ItemId
    text: CardTexts


class LikertItem(CheckItem):
    reverse: bool  # the scoring direction, always written out
    subscale: str


class Scale(Entry):
    min: int
    max: int
    labels: dict[int, Texts]


class InstrumentFile(Entry):
    version: Annotated[int, Field(ge=1, le=99)]
    title: Texts
    intro: Texts


class ChecklistFile(InstrumentFile):
    items: list[CheckItem]


class SurveyFile(InstrumentFile):
    scale: Scale
    subscales: dict[str, Texts]
    items: list[LikertItem]


class DistrictEntry(Entry):
    id: Id
    name: Words


class RegionEntry(Entry):
    id: Id
    name: Words
    kecamatan: list[DistrictEntry]


class RegionsFile(Entry):
    regions: list[RegionEntry]


# A list under these keys holds entries named by their id ("card m01-c1").
_NOUNS = {
    "cards": "card",
    "quiz": "question",
    "sources": "source",
    "items": "item",
    "regions": "region",
    "kecamatan": "kecamatan",
}
_MESSAGES = {
    "missing": "is missing",
    "string_type": "must be a non-empty text",
    "string_too_short": "must be a non-empty text",
    "list_type": "must be a list",
    "model_type": "must be a mapping",
    "dict_type": "must be a mapping",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
}
M = TypeVar("M", bound=Entry)


def _place(data: Any, loc: tuple[int | str, ...], where: str) -> tuple[str, list[str]]:
    """Where an error is (`card m01-c1`, `module m01-x action`) and its field path
    (`text.en`, `options.2.id` with options counted from 1)."""
    node, field = data, list[str]()
    for depth, part in enumerate(loc, start=1):
        node = _child(node, part)
        key = field[-1] if field else None
        ident = node.get("id") if isinstance(node, dict) else None
        if isinstance(part, int) and key == "options":
            field.append(str(part + 1))
        elif isinstance(part, int) and key in _NOUNS and isinstance(ident, str) and ident:
            where, field = f"{_NOUNS[key]} {ident}", []
        elif isinstance(part, int) and key in _NOUNS:
            where, field = f"{where} {key}[{part}]", [key]
        elif part == "action" and not field and depth < len(loc):
            where = f"{where} action"
        else:
            field.append(str(part))
    return where, field


def _child(node: Any, part: int | str) -> Any:
    """`node[part]` where there is one, else None."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _message(error: Any, field: list[str]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    texts = len(field) > 1 and field[-1] in LOCALES
    if texts and kind in ("missing", "string_type", "string_too_short"):
        return "is missing or empty"
    if (
        field
        and kind in ("model_type", "dict_type")
        and field[-1] in ("title", "intro", "text", "question", "explanation", "followup")
    ):
        return "must map 'id' and 'en' to texts"
    if kind == "string_too_long":
        return f"has {len(error['input'].strip())} characters, at most {ctx['max_length']}"
    if kind == "string_pattern_mismatch":
        return "must start with http" if field == ["url"] else f"must match {ctx['pattern']}"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(**ctx)
    text = str(error["msg"])
    return text[:1].lower() + text[1:]


def validated(
    model: type[M],
    data: dict[str, Any],
    c: Checker,
    where: str,
    messages: dict[str, str] | None = None,
) -> M | None:
    """`data` as `model`, or None after one problem line per error (file, id and field);
    `messages` words the problem of a field (by its path) in the writer's terms."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            place, field = _place(data, error["loc"], where)
            path = ".".join(field) or "-"
            c.fail(place, path, (messages or {}).get(path) or _message(error, field))
        return None
