"""What the bot shows a resident next: plain values that handlers render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal

from typing_extensions import TypeVar

from bot.curriculum import Card, Instrument, Module, Question, Region, SurveyItem
from bot.services.attitude import ChecklistChange
from bot.services.passmark import ModuleStanding


@dataclass(frozen=True)
class AskConsent:
    """The resident has not consented yet: show the welcome and the consent buttons."""

    source: str | None = None


@dataclass(frozen=True)
class AskLanguage:
    """Onboarding: choose Bahasa Indonesia or English."""


@dataclass(frozen=True)
class AskRegion:
    """Onboarding: choose a kota administrasi (skippable)."""

    regions: tuple[Region, ...]


@dataclass(frozen=True)
class AskDistrict:
    """Onboarding: choose a kecamatan within the chosen region (skippable)."""

    region: Region


@dataclass(frozen=True)
class AskAge:
    """Onboarding: choose an age band (skippable)."""

    bands: tuple[str, ...]


@dataclass(frozen=True)
class SurveyItemStep:
    """One survey or checklist item; `number` counts from 1 across both instruments."""

    phase: str
    instrument: Instrument
    item: SurveyItem
    number: int
    total: int
    first_of_instrument: bool


@dataclass(frozen=True)
class CardStep:
    """A lesson card with its position in the module and the course."""

    module: Module
    module_count: int
    card: Card
    index: int


@dataclass(frozen=True)
class QuestionStep:
    """A quiz question with its position in the module's quiz."""

    module: Module
    question: Question
    index: int


@dataclass(frozen=True)
class ModuleResult:
    """A module's quiz is done: its score against the pass mark, and the module that follows
    (None after the last)."""

    module: Module
    correct: int
    total: int
    next_module: Module | None
    needed: int

    @property
    def passed(self) -> bool:
        """At least the pass mark right."""
        return self.correct >= self.needed


@dataclass(frozen=True)
class CourseComplete:
    """The course and the post survey are done: mean attitude scores before and after (1–5),
    comparable only when `paired` (the same survey version), and the modules not yet passed
    (the certificate waits for them)."""

    modules_done: int
    attitude_pre: float | None
    attitude_post: float | None
    scale_min: int
    scale_max: int
    paired: bool = False
    not_passed: tuple[ModuleStanding, ...] = ()
    checklist: ChecklistChange | None = None


Step = (
    AskConsent
    | AskLanguage
    | AskRegion
    | AskDistrict
    | AskAge
    | SurveyItemStep
    | CardStep
    | QuestionStep
    | ModuleResult
    | CourseComplete
)

# Why a tap no longer applies: an older message, content changed, a forged button, already
# answered, or no consent yet (each has its own friendly answer).
Stale = Literal["old", "changed", "forged", "answered", "consent"]
F = TypeVar("F", default=None)  # what a tap's answer carries to edit its message with
S = TypeVar("S", default=Step)  # what comes next (the review quiz has steps of its own)


@dataclass(frozen=True)
class Outcome(Generic[F, S]):
    """A service's answer to a resident action: the locale to render in and what to show."""

    locale: str
    step: S | None = None
    feedback: F | None = None
    stale: Stale | None = None


@dataclass(frozen=True)
class QuizFeedback:
    """How a tap on a quiz option went, for editing the question message in place."""

    question: Question
    chosen: int
    correct: bool
    # A review answer that brought its module up to the pass mark.
    newly_passed: Module | None = None


@dataclass(frozen=True)
class SurveyFeedback:
    """Which answer a resident gave to a survey item, for editing the item message."""

    instrument: Instrument
    item: SurveyItem
    value: int
