"""How the /siaran composer reads: the prompts, the audience choices, the preview question with
its expected duration and cost, and the scheduling prompts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import (
    NONE,
    AudienceDistrict,
    AudienceKind,
    AudiencePick,
    DraftAction,
    QuietSchedule,
)
from bot.curriculum import Course, Region
from bot.i18n import Translator
from bot.presentation.broadcast_labels import stage_label
from bot.presentation.keyboards import Reply, button, rows
from bot.services.audience import STAGES
from bot.services.sendplan import SendPlan
from bot.services.when import WhenProblem


def ask_message(t: Translator, draft_id: int) -> Reply:
    """The first prompt: send the announcement (the Indonesian version)."""
    return Reply(
        t._(
            "✍️ Send the announcement: text (formatting is kept) or a photo with a "
            "caption. This is the Indonesian version."
        ),
        InlineKeyboardMarkup([[button(t._("Cancel"), DraftAction(draft_id, "cancel"))]]),
    )


def ask_english(t: Translator, draft_id: int) -> Reply:
    """The optional English version, with Skip."""
    return Reply(
        t._("🇬🇧 Now the English version for residents who chose English (optional)."),
        InlineKeyboardMarkup([[button(t._("Skip ⏭"), DraftAction(draft_id, "noen"))]]),
    )


def audience_kinds(t: Translator, draft_id: int) -> Reply:
    """Who should receive it: everyone, or by area, stage, language or source link."""
    buttons = [
        button(t._("Everyone"), AudiencePick(draft_id, "all", NONE)),
        button(t._("By area"), AudienceKind(draft_id, "region")),
        button(t._("By course stage"), AudienceKind(draft_id, "stage")),
        button(t._("By language"), AudienceKind(draft_id, "locale")),
        button(t._("By source link"), AudienceKind(draft_id, "source")),
    ]
    return Reply(t._("👥 Who should receive it?"), InlineKeyboardMarkup(rows(buttons, 2)))


def audience_choice(
    t: Translator, course: Course, draft_id: int, kind: str, sources: list[str]
) -> Reply:
    """The second-level audience buttons: which area, stage, language or source."""
    if kind == "region":
        options = [button(r.name, AudiencePick(draft_id, "region", r.id)) for r in course.regions]
    elif kind == "stage":
        options = [button(stage_label(t, s), AudiencePick(draft_id, "stage", s)) for s in STAGES]
    elif kind == "locale":
        options = [
            button("Bahasa Indonesia", AudiencePick(draft_id, "locale", "id")),
            button("English", AudiencePick(draft_id, "locale", "en")),
        ]
    else:
        options = [button(s, AudiencePick(draft_id, "source", s)) for s in sources]
    return Reply(t._("Choose one:"), InlineKeyboardMarkup(rows(options, 2)))


def district_choice(t: Translator, draft_id: int, region: Region, size: int) -> Reply:
    """A kota chosen: its size, and the whole kota or one of its kecamatan."""
    options = [
        button(
            t._("All of {region}", region=region.name), AudienceDistrict(draft_id, region.id, NONE)
        )
    ]
    options += [
        button(name, AudienceDistrict(draft_id, region.id, did)) for did, name in region.districts
    ]
    return Reply(
        t._(
            "{region}: {count} residents. The whole kota, or one kecamatan?",
            region=escape(region.name),
            count=t.number(size),
        ),
        InlineKeyboardMarkup(rows(options, 2)),
    )


def _change_or_cancel(t: Translator, draft_id: int) -> list[InlineKeyboardButton]:
    return [
        button(t._("👥 Change audience"), DraftAction(draft_id, "aud")),
        button(t._("Cancel"), DraftAction(draft_id, "cancel")),
    ]


def nobody(t: Translator, draft_id: int) -> Reply:
    """An audience of 0 cannot be sent or scheduled: say so and offer to change it."""
    return Reply(
        t._(
            "👥 This audience reaches no resident right now (residents who used /berhenti or "
            "blocked the bot are never included), so there is nobody to send it to. Choose "
            "another audience?"
        ),
        InlineKeyboardMarkup([_change_or_cancel(t, draft_id)]),
    )


def _plan_lines(t: Translator, plan: SendPlan) -> list[str]:
    """Expected duration and, for a paid broadcast, the expected cost."""
    lines = [
        t._(
            "Sending takes about {duration}.",
            duration=t.duration(timedelta(seconds=max(plan.seconds, 1))),
        )
    ]
    if plan.paid_messages:
        lines.append(
            t.n_(
                "⭐ Paid broadcast: about {stars} Stars for {count} message above "
                "Telegram's free rate.",
                "⭐ Paid broadcast: about {stars} Stars for {count} messages above "
                "Telegram's free rate.",
                plan.paid_messages,
                stars=t.number(plan.stars, 1),
            )
        )
    return lines


def send_question(t: Translator, draft_id: int, size: int, plan: SendPlan) -> Reply:
    """After the preview: how many it reaches, how long it takes; send now, schedule, change
    the audience or cancel."""
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t._("📣 Send now"), DraftAction(draft_id, "now")),
                button(t._("🗓 Schedule"), DraftAction(draft_id, "sched")),
            ],
            _change_or_cancel(t, draft_id),
        ]
    )
    lines = [
        t.n_(
            "This will reach {count} resident right now (residents who used /berhenti or "
            "blocked the bot are never included).",
            "This will reach {count} residents right now (residents who used /berhenti or "
            "blocked the bot are never included).",
            size,
        ),
        *_plan_lines(t, plan),
    ]
    return Reply("\n".join(lines), keyboard)


def time_examples(t: Translator, day: date) -> str:
    """Examples that work as typed today: `day` (tomorrow) at 08.30, in each form the bot
    reads."""
    samples = [
        t._("tomorrow 08:30"),
        t._("Saturday 08:00"),
        f"{t.day_month(day)} 08.30",
        f"{day.isoformat()} 08:30",
    ]
    return ", ".join(f"<code>{sample}</code>" for sample in samples)


def ask_time(t: Translator, day: date) -> str:
    """The prompt after the moderator taps Schedule."""
    return t._(
        "🗓 When should it go out? Type a Jakarta time, e.g. {examples}.",
        examples=time_examples(t, day),
    )


def time_problem(t: Translator, problem: WhenProblem, day: date) -> str:
    """Why a typed time was not taken, and examples that work."""
    reason = {
        WhenProblem.UNREADABLE: t._("I couldn't read that time."),
        WhenProblem.PAST: t._("That time has already passed."),
        WhenProblem.NO_SUCH_DATE: t._("That date does not exist."),
        WhenProblem.WEEKDAY_MISMATCH: t._("That day of the week does not match the date."),
    }[problem]
    return t._(
        "{problem} Try for example {examples} (Jakarta time).",
        problem=reason,
        examples=time_examples(t, day),
    )


def quiet_question(t: Translator, draft_id: int, moment: datetime) -> Reply:
    """A time in the quiet hours: schedule it anyway? (The button carries that time.)"""
    minute = int(moment.timestamp() // 60)
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(t._("🌙 Yes, schedule it"), QuietSchedule(draft_id, minute)),
                button(t._("Cancel"), DraftAction(draft_id, "cancel")),
            ]
        ]
    )
    return Reply(
        t._(
            "🌙 {when} is in the quiet hours (21.00–07.00), when residents may be asleep. "
            "Schedule it anyway? Or type another time.",
            when=t.moment(moment),
        ),
        keyboard,
    )
