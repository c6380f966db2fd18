"""The nudge sweep: claiming what is due in bulk, choosing each nudge's kind and planning the
next one, and recording how sending went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, bindparam, case, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.curriculum import Course, Text
from bot.db.models import Nudge, Resident, ReviewItem, table_of
from bot.db.values import NudgeKind, NudgeStatus, SendResult
from bot.services import followups
from bot.services.schedule import slot_at_or_after, still_sendable
from bot.services.stage import Stage

IGNORED_BEFORE_PAUSE = 3
RETRY_AFTER = timedelta(minutes=5)
# Not delivered, to ask again; a failed one (400) would fail again: it stays asked.
UNDELIVERED = (SendResult.RETRY, SendResult.BLOCKED)


@dataclass(frozen=True)
class NudgeToSend:
    """A claimed nudge, ready to render and send; (resident_id, claimed_at) names its row."""

    resident_id: int
    claimed_at: datetime
    chat_id: int
    locale: str
    kind: NudgeKind
    variant: int  # turns day by day; the renderer picks its wording with it
    # For a follow-up: the module and its action's "Sudah sempat …?".
    module_id: str | None = None
    followup: Text | None = None


@dataclass(frozen=True)
class Claim:
    """One sweep batch: the nudges to send, and how many due residents it looked at."""

    nudges: list[NudgeToSend]
    scanned: int


@dataclass(frozen=True)
class NudgeResult:
    """How sending one nudge went: sent, blocked, failed, or retry (Telegram unreachable)."""

    nudge: NudgeToSend
    status: SendResult
    error: str | None = None


async def claim(
    session: AsyncSession, course: Course, tz: ZoneInfo, now: datetime, limit: int
) -> Claim:
    """Claim up to `limit` due nudges (SKIP LOCKED on PostgreSQL) and reschedule their residents.

    A nudge that fell due while the bot was down goes out only if it is still its day and
    outside quiet hours; otherwise it is skipped and the next one is planned. Bulk statements
    keep the sweep to a handful of round trips per batch.
    """
    r = Resident
    rows = (
        await session.execute(
            select(
                r.id,
                r.chat_id,
                r.locale,
                r.stage,
                r.nudge_slot,
                r.next_nudge_at,
                r.nudges_ignored,
            )
            .where(r.next_nudge_at <= now, r.stopped_at.is_(None), r.blocked_at.is_(None))
            .order_by(r.next_nudge_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not rows:
        return Claim([], 0)
    ids = [row.id for row in rows]
    with_reviews = set(
        (
            await session.execute(
                select(ReviewItem.resident_id)
                .where(ReviewItem.resident_id.in_(ids), ReviewItem.due_at <= now)
                .distinct()
            )
        ).scalars()
    )
    due_followups = await followups.due_now(session, course, ids, now)
    later = await followups.next_due(session, course, ids, now)
    tomorrow = now.astimezone(tz).replace(hour=0, minute=0) + timedelta(days=1)
    changes, nudges = [], []
    for row in rows:
        kind = _kind(row.stage, row.nudges_ignored, row.id in with_reviews, row.id in due_followups)
        change = {
            "id": row.id,
            "next_nudge_at": None,
            "nudges_ignored": row.nudges_ignored,
            "nudge_paused_at": None,
        }
        if kind is None and row.id in later:  # finished, with a follow-up to come
            change["next_nudge_at"] = slot_at_or_after(later[row.id], row.nudge_slot, tz)
        elif kind is not None and not still_sendable(row.next_nudge_at, now, tz):
            change["next_nudge_at"] = slot_at_or_after(now, row.nudge_slot, tz)
            kind = None
        elif kind == NudgeKind.PAUSE:
            change["nudge_paused_at"] = now
        elif kind is not None:
            change["nudges_ignored"] = row.nudges_ignored + 1
            change["next_nudge_at"] = slot_at_or_after(tomorrow, row.nudge_slot, tz)
        if kind is not None:
            change["last_nudge_at"] = now
            nudges.append(
                {
                    "resident_id": row.id,
                    "kind": kind,
                    "due_at": row.next_nudge_at,
                    "claimed_at": now,
                    "status": NudgeStatus.CLAIMED,
                }
            )
        changes.append(change)
    await _apply(session, changes)
    if nudges:
        await session.execute(insert(Nudge), nudges)
    asked = [
        (n["resident_id"], due_followups[n["resident_id"]])
        for n in nudges
        if n["kind"] == NudgeKind.FOLLOWUP
    ]
    await followups.mark_asked(session, asked, now)
    by_resident = {row.id: row for row in rows}
    day = now.astimezone(tz).toordinal()
    return Claim(
        [
            _to_send(
                course,
                n,
                by_resident[n["resident_id"]],
                now,
                day,
                due_followups.get(n["resident_id"]),
            )
            for n in nudges
        ],
        len(rows),
    )


def _to_send(
    course: Course,
    nudge: dict[str, Any],
    row: Row[*tuple[Any, ...]],
    now: datetime,
    day: int,
    module_id: str | None,
) -> NudgeToSend:
    variant = day + row.id
    if nudge["kind"] != NudgeKind.FOLLOWUP:
        return NudgeToSend(row.id, now, row.chat_id, row.locale, nudge["kind"], variant)
    module = course.module(module_id) if module_id else None
    # due_now picks only modules of the course that ask a follow-up
    assert module is not None and module.action is not None
    return NudgeToSend(
        row.id,
        now,
        row.chat_id,
        row.locale,
        NudgeKind.FOLLOWUP,
        variant,
        module_id,
        module.action.followup,
    )


async def _apply(session: AsyncSession, changes: list[dict[str, Any]]) -> None:
    """Reschedule claimed residents: one executemany per set of columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in changes:
        groups.setdefault(tuple(sorted(change)), []).append(change)
    for group in groups.values():
        await session.execute(update(Resident), group)


def _kind(stage: str, ignored: int, review_due: bool, followup_due: bool) -> NudgeKind | None:
    if ignored >= IGNORED_BEFORE_PAUSE:
        return NudgeKind.PAUSE
    if followup_due:  # asked once, a few days after the module: it goes before the rest
        return NudgeKind.FOLLOWUP
    if review_due:
        return NudgeKind.REVIEW
    return NudgeKind.LESSON if stage != Stage.FINISHED else None


async def record(session: AsyncSession, results: list[NudgeResult], now: datetime) -> None:
    """Store how sending went; a blocked resident is marked so nothing more is sent."""
    n = table_of(Nudge)
    statement = (
        n.update()
        .where(n.c.resident_id == bindparam("rid"), n.c.claimed_at == bindparam("claimed"))
        .values(status=bindparam("st"), error=bindparam("err"), sent_at=bindparam("sent"))
    )
    await session.execute(
        statement,
        [
            {
                "rid": r.nudge.resident_id,
                "claimed": r.nudge.claimed_at,
                "st": r.status,
                "err": r.error,
                "sent": now if r.status == SendResult.SENT else None,
            }
            for r in results
        ],
    )
    retry = [r.nudge.resident_id for r in results if r.status == SendResult.RETRY]
    # a follow-up that did not reach the resident is asked again when it can be
    await followups.mark_asked(
        session,
        [
            (r.nudge.resident_id, r.nudge.module_id)
            for r in results
            if r.status in UNDELIVERED
            and r.nudge.kind == NudgeKind.FOLLOWUP
            and r.nudge.module_id is not None
        ],
        None,
    )
    if retry:  # the nudge did not go out: due again soon, and not counted as ignored
        await session.execute(
            update(Resident)
            .where(Resident.id.in_(retry))
            .values(
                next_nudge_at=now + RETRY_AFTER,
                nudges_ignored=case(
                    (Resident.nudges_ignored > 0, Resident.nudges_ignored - 1), else_=0
                ),
            )
        )
    blocked = [r.nudge.resident_id for r in results if r.status == SendResult.BLOCKED]
    if blocked:
        await session.execute(
            update(Resident)
            .where(Resident.id.in_(blocked))
            .values(blocked_at=now, next_nudge_at=None)
        )
