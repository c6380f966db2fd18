"""What a report holds: plain values, already privacy-safe, for the bot and the CLI to render.

A count is an `int`, `Hidden` (a group too small to show, "<5") or `Withheld` ("x": not shown so
that a smaller group cannot be worked out from it). A mean or share is a `float`, `Withheld`, or
None when there is nothing to average. `isinstance(value, Hidden)` is true of both marks: it
asks "is this figure shown?". Nothing here is a name or a Telegram id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.curriculum import Text

if TYPE_CHECKING:
    from bot.services.reports.actions import ActionSection


@dataclass(frozen=True)
class Hidden:
    """A figure withheld because it describes fewer than `threshold` residents."""

    threshold: int

    def __str__(self) -> str:
        return f"<{self.threshold}"


WITHHELD_MARK = "x"


@dataclass(frozen=True)
class Withheld(Hidden):
    """A figure withheld so that a group under `threshold` cannot be worked out from it."""

    def __str__(self) -> str:
        return WITHHELD_MARK


Count = int | Hidden
Value = float | Hidden | None


@dataclass(frozen=True)
class Period:
    """Jakarta calendar days from `since` (None: from the beginning) to `until`, inclusive."""

    since: date | None
    until: date
    kind: str = "custom"  # "7d", "30d", "all" or "custom"


@dataclass(frozen=True)
class Scope:
    """The area a report covers: all of Jakarta, a kota administrasi, or one kecamatan in it."""

    region: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class ReportRequest:
    """What to report on."""

    period: Period
    scope: Scope = Scope()


@dataclass(frozen=True)
class Headline:
    """Residents and what they did in the period."""

    total: Count  # consented by the end of the period
    registered: Count  # consented in the period (registering is consenting)
    active: Count  # at least one Jakarta day with activity in the period
    started: Count  # first module opened in the period
    finished: Count  # reached the end of the course in the period
    stopped: Count  # /berhenti in the period
    blocked: Count  # blocked the bot in the period


@dataclass(frozen=True)
class FunnelStep:
    """One step of the module funnel for the residents who registered in the period."""

    key: str  # "registered", "started", a module id, or "finished"
    number: int | None  # the module number for module steps
    title: Text | None  # the module title for module steps
    residents: Count
    share: Value  # of the registered cohort


@dataclass(frozen=True)
class QuestionRow:
    """How often a quiz question was answered right (first answers only)."""

    module_number: int
    question_id: str
    text: Text
    answers: Count
    correct: Count
    share_correct: Value


@dataclass(frozen=True)
class ModuleQuizRow:
    """A module's quiz: answers given in the period and the share right."""

    number: int
    module_id: str
    title: Text
    answers: Count
    share_correct: Value


@dataclass(frozen=True)
class QuizSection:
    """Quiz answers given in the period."""

    answers: Count
    correct: Count
    share_correct: Value
    modules: tuple[ModuleQuizRow, ...]
    questions: tuple[QuestionRow, ...]
    hardest: tuple[QuestionRow, ...]


@dataclass(frozen=True)
class NudgeSection:
    """Nudges sent in the period and how many were followed by activity within 24 hours."""

    sent: Count
    residents: Count
    followed: Count
    share_followed: Value
    blocked: Count
    failed: Count


@dataclass(frozen=True)
class BroadcastRow:
    """One broadcast that started in the period, counted over the residents in scope."""

    broadcast_id: int
    started_at: datetime
    recipients: Count
    delivered: Count
    blocked: Count
    failed: Count
    pending: Count


@dataclass(frozen=True)
class BroadcastSection:
    """Broadcasts that started in the period."""

    broadcasts: int
    recipients: Count
    delivered: Count
    share_delivered: Value
    blocked: Count
    failed: Count
    pending: Count
    rows: tuple[BroadcastRow, ...]


@dataclass(frozen=True)
class Change:
    """Mean score before and after for the same residents, and the mean paired change."""

    key: str
    name: Text | None
    pairs: Count
    before: Value
    after: Value
    change: Value
    ci_low: Value
    ci_high: Value


@dataclass(frozen=True)
class ScoreBin:
    """Residents whose mean attitude score falls in [low, high) before and after."""

    low: float
    high: float
    before: Count
    after: Count


@dataclass(frozen=True)
class ShiftSection:
    """The paradigm shift: the attitude survey before and after, for residents who did both."""

    overall: Change
    subscales: tuple[Change, ...]
    distribution: tuple[ScoreBin, ...]
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class ChecklistRow:
    """One behaviour: residents answering yes before and after, among those who did both."""

    item_id: str
    text: Text
    pairs: Count
    before_yes: Count
    after_yes: Count
    before: Value
    after: Value


@dataclass(frozen=True)
class ChecklistSection:
    """The behaviour checklist before and after; `actions` is the mean number of yes answers."""

    pairs: Count
    items: tuple[ChecklistRow, ...]
    actions: Change
    item_count: int


@dataclass(frozen=True)
class DayCount:
    """Residents active on one Jakarta day."""

    day: date
    active: Count


@dataclass(frozen=True)
class AreaRow:
    """One kota (or one kecamatan of the chosen kota); `key` None is "not given"."""

    key: str | None
    name: str | None
    registered: Count
    active: Count
    started: Count
    finished: Count
    shift: Change


@dataclass(frozen=True)
class Report:
    """Everything /laporan and `python -m bot report` show; safe to hand out."""

    period: Period
    scope: Scope
    scope_name: str | None  # "Jakarta Utara" or "Jakarta Utara · Koja"; None for Jakarta
    generated_at: datetime
    demo: bool  # built from the synthetic residents of `demo-data`
    min_group: int
    headline: Headline
    funnel: tuple[FunnelStep, ...]
    quiz: QuizSection
    nudges: NudgeSection
    broadcasts: BroadcastSection
    shift: ShiftSection
    checklist: ChecklistSection
    daily: tuple[DayCount, ...]
    area_level: str | None  # "region", "district", or None when one kecamatan is chosen
    areas: tuple[AreaRow, ...]
    # The survey and checklist versions the shift and checklist pair (never mixed), and the
    # action follow-ups (the behaviour measure beside the checklist).
    survey_version: int = 1
    checklist_version: int = 1
    actions: ActionSection | None = None
