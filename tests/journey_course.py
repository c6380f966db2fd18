"""A small course (two modules, a two-item survey, a one-item checklist) and the journey state
helpers the planner's tests build on: no database, no Telegram."""

from __future__ import annotations

from bot.curriculum import Card, Course, Instrument, Module, Question, Region, SurveyItem, Text
from bot.services.journey_plan import JourneyState, Transition, plan


def text(words: str) -> Text:
    """The same words in both languages."""
    return Text(words, words)


def module(number: int, cards: int, questions: int) -> Module:
    """Module `number` with `cards` cards and `questions` two-option questions (a right)."""
    mid = f"m{number}"
    return Module(
        mid,
        number,
        text(mid),
        tuple(Card(f"{mid}c{i}", text("card")) for i in range(cards)),
        tuple(
            Question(f"{mid}q{i}", mid, text("?"), (text("a"), text("b")), 0, text("!"))
            for i in range(questions)
        ),
        (),
    )


def instrument(iid: str, kind: str, items: int, top: int) -> Instrument:
    """A survey of `items` items scored 0 to `top`."""
    return Instrument(
        iid,
        kind,
        text(iid),
        text(iid),
        tuple(SurveyItem(f"{iid}{i}", text("item")) for i in range(items)),
        0,
        top,
    )


M1, M2 = module(1, cards=2, questions=4), module(2, cards=1, questions=2)
COURSE = Course(
    modules=(M1, M2),
    attitude=instrument("survey", "likert", 2, 5),
    checklist=instrument("checklist", "yesno", 1, 1),
    regions=(
        Region("jakut", "Jakarta Utara", (("koja", "Koja"),)),
        Region("kepseribu", "Kepulauan Seribu", ()),
    ),
)
ITEMS = [(COURSE.attitude, i) for i in COURSE.attitude.items] + [
    (COURSE.checklist, i) for i in COURSE.checklist.items
]


def surveyed(phase: str, count: int | None = None) -> frozenset[tuple[str, str, int, str]]:
    """The first `count` survey items (all by default) answered in `phase`."""
    return frozenset((phase, inst.id, inst.version, item.id) for inst, item in ITEMS[:count])


def answers(module: Module, right: int, asked: int | None = None) -> dict[str, bool]:
    """The module's first `asked` questions answered, the first `right` of them right."""
    asked = len(module.questions) if asked is None else asked
    return {q.id: i < right for i, q in enumerate(module.questions[:asked])}


def walk(state: JourneyState) -> tuple[list[Transition], object]:
    """Plan, make each transition, plan again: what Journey does, without a database."""
    made: list[Transition] = []
    while isinstance(outcome := plan(state, COURSE), Transition):
        made.append(outcome)
        if outcome.shows is not None:
            return made, outcome.shows
        state = state.after(outcome)
    return made, outcome
