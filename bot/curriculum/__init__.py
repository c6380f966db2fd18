"""Course content: the typed model and the validating loader for the files in `content/`."""

from bot.curriculum.loader import ContentError, load_course
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

__all__ = [
    "Card",
    "ContentError",
    "Course",
    "Instrument",
    "Module",
    "Question",
    "Region",
    "Source",
    "SurveyItem",
    "Text",
    "load_course",
]
