"""Every kind of button press the bot makes, one typed class each, under its wire name (which never
changes: buttons already in residents' chats must keep working)."""

from __future__ import annotations

from bot.callbacks.wire import Press, kind


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
