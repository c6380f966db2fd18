"""Compact, versioned callback data: every kind is one typed class, packed and parsed in this
package (the wire format in `wire`, the kinds in `kinds`).

`QuizPick("m01-q1", 2).pack()` makes a button's data; `decode(data)` gives the typed press back;
bot/handlers/buttons.py routes each class to its handler. Importing the package registers every
kind, so `decode` knows them all.
"""

from __future__ import annotations

from bot.callbacks.kinds import (
    AgePick,
    AudienceDistrict,
    AudienceKind,
    AudiencePick,
    CancelBroadcast,
    CancelConfirm,
    Consent,
    Continue,
    Decline,
    DeleteData,
    DistrictPick,
    DraftAction,
    FollowupAnswer,
    LanguagePick,
    NextCard,
    NudgeSlot,
    QuietSchedule,
    QuizPick,
    RegionPick,
    ReportDistrict,
    ReportPeriod,
    ReportRegion,
    ReviewPick,
    ReviewStart,
    SurveyPick,
    SurveySkip,
)
from bot.callbacks.wire import (
    KINDS,
    MAX_BYTES,
    NONE,
    Callback,
    InvalidCallback,
    Press,
    build,
    decode,
    or_none,
    parse,
)

__all__ = [
    "KINDS",
    "MAX_BYTES",
    "NONE",
    "AgePick",
    "AudienceDistrict",
    "AudienceKind",
    "AudiencePick",
    "Callback",
    "CancelBroadcast",
    "CancelConfirm",
    "Consent",
    "Continue",
    "Decline",
    "DeleteData",
    "DistrictPick",
    "DraftAction",
    "FollowupAnswer",
    "InvalidCallback",
    "LanguagePick",
    "NextCard",
    "NudgeSlot",
    "Press",
    "QuietSchedule",
    "QuizPick",
    "RegionPick",
    "ReportDistrict",
    "ReportPeriod",
    "ReportRegion",
    "ReviewPick",
    "ReviewStart",
    "SurveyPick",
    "SurveySkip",
    "build",
    "decode",
    "or_none",
    "parse",
]

_SPEC: dict[str, str] = {name: press.SPEC for name, press in KINDS.items()}
"""kind -> the pattern of each argument (what the property tests draw from)."""
