"""Compact, versioned callback data: every kind is one typed class here, packed and parsed here.

Format: `1:<kind>:<arg>…`. A button from an older format, a forged payload or one over Telegram's
64-byte limit is rejected with InvalidCallback, which handlers turn into a friendly answer.
`QuizPick("m01-q1", 2).pack()` makes a button's data; `decode(data)` gives the typed press back;
bot/handlers/buttons.py routes each class to its handler. The strings on the wire never change:
buttons already in residents' chats must keep working.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from typing_extensions import dataclass_transform

VERSION = "1"
MAX_BYTES = 64
NONE = "-"  # an argument left out on purpose (skip, "all of the kota", no deep-link source)
# Matched with fullmatch: `$` would also match before a trailing newline ("1:lg:id\n").
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,48}")
_INT = re.compile(r"\d{1,2}")
_ID = re.compile(r"\d{1,9}")
_TYPES = {"s": str, "i": int, "n": int}  # slug, small integer, record id


class InvalidCallback(ValueError):
    """Callback data that this version of the bot did not make."""


@dataclass(frozen=True)
class Callback:
    """A parsed button press in its wire form: its kind and its typed arguments."""

    kind: str
    args: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Press:
    """One kind of button press. Subclasses name their wire `KIND` and the pattern of each
    field (`SPEC`: "s" slug, "i" small integer, "n" record id), in field order."""

    KIND: ClassVar[str] = ""
    SPEC: ClassVar[str] = ""

    def pack(self) -> str:
        """This press as callback data; ValueError if it would not parse back."""
        return build(self.KIND, *(getattr(self, f.name) for f in dataclasses.fields(self)))


P = TypeVar("P", bound=Press)
KINDS: dict[str, type[Press]] = {}


@dataclass_transform(frozen_default=True)
def kind(name: str, spec: str = "") -> Callable[[type[P]], type[P]]:
    """Make a Press class a frozen dataclass and register it under its wire name, checking its
    fields match `spec`."""

    def register(cls: type[P]) -> type[P]:
        cls = dataclass(frozen=True)(cls)
        fields = dataclasses.fields(cls)
        if name in KINDS or [f.type for f in fields] != [_TYPES[p].__name__ for p in spec]:
            raise TypeError(f"callback kind {name!r}: duplicate, or fields do not match {spec!r}")
        cls.KIND, cls.SPEC = name, spec
        KINDS[name] = cls
        return cls

    return register


def or_none(value: str) -> str | None:
    """A slug argument, or None where the button left it out (`-`)."""
    return None if value == NONE else value


def build(kind: str, *args: str | int) -> str:
    """Callback data for a button; raises ValueError on arguments that would not parse back."""
    data = ":".join([VERSION, kind, *map(str, args)])
    if parse(data) != Callback(kind, tuple(args)):
        raise ValueError(f"callback {kind}{args} does not round-trip")
    return data


def parse(data: str | None) -> Callback:
    """Parse and validate callback data; raise InvalidCallback on anything unexpected."""
    # surrogatepass: a lone surrogate (JSON can carry one) is counted, then fails the patterns.
    if not isinstance(data, str) or len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InvalidCallback("missing or too long")
    version, _, rest = data.partition(":")
    if version != VERSION:
        raise InvalidCallback("unknown version")
    kind, *raw = rest.split(":")
    press = KINDS.get(kind)
    if press is None or len(raw) != len(press.SPEC):
        raise InvalidCallback("unknown kind or wrong arity")
    args: list[str | int] = []
    for pattern, value in zip(press.SPEC, raw, strict=True):
        if (pattern == "i" and _INT.fullmatch(value)) or (pattern == "n" and _ID.fullmatch(value)):
            args.append(int(value))
        elif pattern == "s" and _SLUG.fullmatch(value):
            args.append(value)
        else:
            raise InvalidCallback("malformed argument")
    return Callback(kind, tuple(args))


def decode(data: str | None) -> Press:
    """The typed press behind callback data; InvalidCallback on anything this bot did not make."""
    cb = parse(data)
    press: Any = KINDS[cb.kind]  # parse checked each argument's type against the kind's SPEC
    made: Press = press(*cb.args)
    return made


# -- residents: onboarding and the survey --------------------------------------------------------
@kind("ok", "s")
class Consent(Press):
    """Consent given, with the deep-link source (`-` for none)."""

    source: str


@kind("no")
class Decline(Press):
    """Consent declined."""


@kind("lg", "s")
class LanguagePick(Press):
    """A language chosen."""

    locale: str


@kind("rg", "s")
class RegionPick(Press):
    """A region (kota) chosen, `-` to skip."""

    region: str


@kind("ds", "s")
class DistrictPick(Press):
    """A district (kecamatan) chosen, `-` to skip."""

    district: str


@kind("ag", "s")
class AgePick(Press):
    """An age band chosen, `-` to skip."""

    band: str


@kind("sv", "ssi")
class SurveyPick(Press):
    """A survey answer: phase, item id, value."""

    phase: str
    item_id: str
    value: int


@kind("sx", "s")
class SurveySkip(Press):
    """Skip the survey of this phase."""

    phase: str


# -- residents: learning ------------------------------------------------------------------------
@kind("nx", "si")
class NextCard(Press):
    """The next card: module id, index of the card on screen."""

    module_id: str
    index: int


@kind("q", "si")
class QuizPick(Press):
    """A quiz answer: question id, option index."""

    question_id: str
    option: int


@kind("go")
class Continue(Press):
    """Continue where I left off."""


@kind("del", "s")
class DeleteData(Press):
    """Data deletion: "yes" or "no"."""

    answer: str


@kind("pg", "s")
class NudgeSlot(Press):
    """The nudge time: morning, midday, evening or off."""

    slot: str


@kind("rv")
class ReviewStart(Press):
    """Start the review quiz."""


@kind("rq", "si")
class ReviewPick(Press):
    """A review answer: question id, option index."""

    question_id: str
    option: int


@kind("fu", "ss")
class FollowupAnswer(Press):
    """An action follow-up answer: module id, done/not_yet/not_relevant."""

    module_id: str
    answer: str


# -- moderators: broadcasts ---------------------------------------------------------------------
@kind("bk", "ns")
class DraftAction(Press):
    """A broadcast draft action: id, cancel/noen/now/sched/aud."""

    draft_id: int
    action: str


@kind("ba", "ns")
class AudienceKind(Press):
    """A broadcast audience kind: id, region/stage/locale/source."""

    draft_id: int
    kind: str


@kind("bg", "nss")
class AudiencePick(Press):
    """A broadcast audience: id, kind, value ("all" takes `-`)."""

    draft_id: int
    kind: str
    value: str


@kind("bd", "nss")
class AudienceDistrict(Press):
    """A broadcast kecamatan: id, region, district (`-` for the whole kota)."""

    draft_id: int
    region: str
    district: str


@kind("bq", "nn")
class QuietSchedule(Press):
    """Schedule a broadcast in the quiet hours after all: id, Unix minute."""

    draft_id: int
    minute: int


@kind("bx", "ns")
class CancelConfirm(Press):
    """Confirm cancelling a broadcast: id, yes/no."""

    broadcast_id: int
    answer: str


@kind("bc", "n")
class CancelBroadcast(Press):
    """Cancel a scheduled or sending broadcast: id."""

    broadcast_id: int


# -- staff: reports -----------------------------------------------------------------------------
@kind("rp", "s")
class ReportPeriod(Press):
    """A staff report: period token (7d, 30d, all, 20261101-20261130)."""

    period: str


@kind("ra", "ss")
class ReportRegion(Press):
    """A staff report: period token, kota id (`-` for all of Jakarta)."""

    period: str
    region: str


@kind("rk", "sss")
class ReportDistrict(Press):
    """A staff report: period token, kota id, kecamatan id (`-` for the whole kota)."""

    period: str
    region: str
    district: str


_SPEC: dict[str, str] = {name: press.SPEC for name, press in KINDS.items()}
"""kind -> the pattern of each argument (what the property tests draw from)."""
