"""Immutable, typed view of the course content once it has been validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Text:
    """A user-facing text in Indonesian (`id`) and English (`en`)."""

    id: str
    en: str

    def get(self, locale: str) -> str:
        """The text in `locale`, Indonesian when the locale is unknown."""
        return self.en if locale == "en" else self.id


@dataclass(frozen=True)
class Source:
    """Where a figure in a module comes from."""

    id: str
    publisher: str
    title: str
    year: int
    url: str | None = None


@dataclass(frozen=True)
class Card:
    """One short lesson message (one phone screen)."""

    id: str
    text: Text
    sources: tuple[str, ...] = ()
    is_action: bool = False
    idea: bool = False  # connects the hazard to the industri ketahanan kota
    followup: Text | None = None  # the action's "Sudah sempat …?", asked days later


@dataclass(frozen=True)
class Question:
    """A multiple-choice quiz question; `correct` is a 0-based option index."""

    id: str
    module_id: str
    text: Text
    options: tuple[Text, ...]
    correct: int
    explanation: Text
    sources: tuple[str, ...] = ()
    idea: bool = False


@dataclass(frozen=True)
class Module:
    """A lesson module: its cards (the action last) and its quiz."""

    id: str
    number: int
    title: Text
    cards: tuple[Card, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...]

    @property
    def action(self) -> Card | None:
        """The module's action (its last card), or None."""
        return self.cards[-1] if self.cards and self.cards[-1].is_action else None

    def question_index(self, question_id: str) -> int | None:
        """Position of a question in this module's quiz, or None."""
        for i, q in enumerate(self.questions):
            if q.id == question_id:
                return i
        return None


@dataclass(frozen=True)
class SurveyItem:
    """One statement (Likert) or one yes/no checklist item."""

    id: str
    text: Text
    reverse: bool = False
    subscale: str | None = None


@dataclass(frozen=True)
class Instrument:
    """One version of the attitude survey (Likert) or the behaviour checklist (yes/no).

    Answers are stored with the version; before/after pairs are made within one version only.
    """

    id: str
    kind: str  # "likert" or "yesno"
    title: Text
    intro: Text
    items: tuple[SurveyItem, ...]
    scale_min: int
    scale_max: int
    labels: dict[int, Text] = field(default_factory=dict)
    subscales: dict[str, Text] = field(default_factory=dict)
    version: int = 1

    def score(self, item: SurveyItem, value: int) -> int:
        """The item's score: reverse items count `min + max - value`."""
        return self.scale_min + self.scale_max - value if item.reverse else value

    def item(self, item_id: str) -> SurveyItem | None:
        """The item with this id, or None."""
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Region:
    """A kota administrasi (or the kabupaten) with its kecamatan as (id, name) pairs."""

    id: str
    name: str
    districts: tuple[tuple[str, str], ...]

    def district_name(self, district_id: str) -> str | None:
        """Name of a kecamatan of this region, or None."""
        return dict(self.districts).get(district_id)


@dataclass(frozen=True)
class Course:
    """Everything under `content/`, validated."""

    modules: tuple[Module, ...]
    attitude: Instrument
    checklist: Instrument
    regions: tuple[Region, ...]
    # Earlier versions of the survey and the checklist, kept so stored answers stay readable.
    archive: tuple[Instrument, ...] = ()

    @cached_property
    def _modules(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}

    @cached_property
    def _questions(self) -> dict[str, Question]:
        return {q.id: q for m in self.modules for q in m.questions}

    def module(self, module_id: str) -> Module | None:
        """The module with this id, or None."""
        return self._modules.get(module_id)

    def question(self, question_id: str) -> Question | None:
        """The quiz question with this id, or None."""
        return self._questions.get(question_id)

    def region(self, region_id: str) -> Region | None:
        """The region with this id, or None."""
        return next((r for r in self.regions if r.id == region_id), None)

    def instrument(self, instrument_id: str, version: int | None = None) -> Instrument | None:
        """The survey or checklist with this id (file name) in `version` (current by default)."""
        current = next((i for i in (self.attitude, self.checklist) if i.id == instrument_id), None)
        if current is None or version is None or version == current.version:
            return current
        return next(
            (i for i in self.archive if i.id == instrument_id and i.version == version), None
        )
