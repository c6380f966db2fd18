"""The stages of a resident's journey, in the one order they pass through them."""

from __future__ import annotations

from enum import StrEnum

PHASES = ("pre", "post")


class Stage(StrEnum):
    """Where a resident is; the values are what `residents.stage` stores.

    The order of the members is the order of the journey: each stage is left for the next one
    when it is done or skipped.
    """

    LANGUAGE = "language"
    REGION = "region"
    DISTRICT = "district"
    AGE = "age"
    SURVEY_PRE = "survey_pre"
    COURSE = "course"
    SURVEY_POST = "survey_post"
    FINISHED = "finished"

    @property
    def following(self) -> Stage:
        """The stage after this one (FINISHED stays FINISHED)."""
        order = list(Stage)
        return order[min(order.index(self) + 1, len(order) - 1)]

    @property
    def phase(self) -> str | None:
        """ "pre" or "post" for a survey stage, else None."""
        return {Stage.SURVEY_PRE: "pre", Stage.SURVEY_POST: "post"}.get(self)

    @classmethod
    def survey(cls, phase: str) -> Stage:
        """The survey stage of a phase ("pre" or "post")."""
        return cls(f"survey_{phase}")

    @classmethod
    def before(cls, stage: Stage) -> tuple[Stage, ...]:
        """The stages that come before `stage`."""
        order = list(cls)
        return tuple(order[: order.index(stage)])


ONBOARDING = Stage.before(Stage.SURVEY_PRE)
