"""An independent computation of every report figure: load all rows, count in plain Python.

Deliberately naive (no SQL aggregates, no shared code with the report service: even the t
quantile comes from another formula), so that a test can compare the service's GROUP BY results
with it.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.curriculum import Course, Instrument
from bot.db.engine import Database
from bot.db.models import Base

JAKARTA = ZoneInfo("Asia/Jakarta")


def _aware(row: dict) -> dict:
    return {
        k: (v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v)
        for k, v in row.items()
    }


async def load(db: Database) -> dict[str, list[dict]]:
    """Every row of the tables a report reads."""
    tables = {
        "residents": "residents",
        "progress": "module_progress",
        "quiz": "quiz_answers",
        "survey": "survey_answers",
        "activity": "activity_days",
        "nudges": "nudges",
        "broadcasts": "broadcasts",
        "deliveries": "broadcast_deliveries",
    }
    out = {}
    async with db.engine.connect() as conn:
        for name, table in tables.items():
            rows = await conn.execute(select(Base.metadata.tables[table]))
            out[name] = [_aware(dict(r._mapping)) for r in rows]
    return out


# Paired means: (n, before, after, change, low, high), the last two the 95% interval.
Expected = tuple[int, float | None, float | None, float | None, float | None, float | None]


def _within(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with a whole number of degrees of freedom, by the finite
    sums of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4 (even df)."""
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2 == 0:
        term = total = 1.0
        for k in range(2, df - 1, 2):
            term *= cos2 * (k - 1) / k
            total += term
        return math.sin(theta) * total
    term = total = math.cos(theta) if df > 1 else 0.0
    for k in range(3, df - 1, 2):
        term *= cos2 * (k - 1) / k
        total += term
    return 2.0 / math.pi * (theta + math.sin(theta) * total)


def t_975(df: int) -> float:
    """The t value with 95% of Student's t between its negative and itself."""
    low, high = 0.0, 1.0
    while _within(high, df) < 0.95:
        low, high = high, high * 2.0
    while high - low > 1e-13 * high:
        mid = (low + high) / 2.0
        low, high = (mid, high) if _within(mid, df) < 0.95 else (low, mid)
    return (low + high) / 2.0


def paired(before: list[float], after: list[float]) -> Expected:
    """Means and the 95% t interval of after − before, computed from the residents' scores."""
    n = len(before)
    if n == 0:
        return (0, None, None, None, None, None)
    diffs = [a - b for a, b in zip(after, before, strict=True)]
    mean = statistics.fmean(diffs)
    if n < 2:
        return (n, statistics.fmean(before), statistics.fmean(after), mean, None, None)
    half = t_975(n - 1) * statistics.stdev(diffs) / math.sqrt(n)
    return (n, statistics.fmean(before), statistics.fmean(after), mean, mean - half, mean + half)


class Oracle:
    """Figures for one period and area, from the raw rows."""

    def __init__(
        self,
        rows: dict[str, list[dict]],
        course: Course,
        since: date | None,
        until: date,
        region: str | None = None,
        district: str | None = None,
    ) -> None:
        self.rows = rows
        self.course = course
        self.since, self.until = since, until
        self.start = datetime.combine(since, time(0), JAKARTA).astimezone(UTC) if since else None
        self.end = datetime.combine(until + timedelta(days=1), time(0), JAKARTA).astimezone(UTC)
        residents = rows["residents"]
        real = [r for r in residents if not r["is_demo"]]
        pool = real if real else residents
        self.residents = {
            r["id"]: r
            for r in pool
            if (region is None or r["region"] == region)
            and (district is None or r["district"] == district)
        }
        self.area_key = None if district else ("district" if region else "region")

    def during(self, moment: datetime | None) -> bool:
        """In [start, end)."""
        return (
            moment is not None
            and (self.start is None or moment >= self.start)
            and moment < self.end
        )

    def on_day(self, day: date) -> bool:
        """A Jakarta day in the period."""
        return (self.since is None or day >= self.since) and day <= self.until

    def mine(self, row: dict) -> bool:
        """A row of a resident in scope."""
        return row["resident_id"] in self.residents

    def area(self, rid: int) -> str | None:
        """The resident's kota (or kecamatan when a kota is chosen)."""
        return self.residents[rid][self.area_key] if self.area_key else None

    # -- counts -------------------------------------------------------------------------------
    def registered(self) -> set[int]:
        return {i for i, r in self.residents.items() if self.during(r["consented_at"])}

    def total(self) -> int:
        return sum(1 for r in self.residents.values() if r["consented_at"] < self.end)

    def active(self) -> set[int]:
        return {
            a["resident_id"]
            for a in self.rows["activity"]
            if self.mine(a) and self.on_day(a["day"])
        }

    def started(self) -> set[int]:
        first: dict[int, datetime] = {}
        for p in self.rows["progress"]:
            if self.mine(p):
                rid = p["resident_id"]
                first[rid] = min(first.get(rid, p["started_at"]), p["started_at"])
        return {rid for rid, at in first.items() if self.during(at)}

    def when(self, field: str) -> set[int]:
        return {i for i, r in self.residents.items() if self.during(r[field])}

    def daily(self) -> dict[date, int]:
        return dict(
            Counter(
                a["day"] for a in self.rows["activity"] if self.mine(a) and self.on_day(a["day"])
            )
        )

    def funnel(self) -> tuple[int, int, dict[str, int], int]:
        cohort = self.registered()
        progress = [p for p in self.rows["progress"] if p["resident_id"] in cohort]
        started = {p["resident_id"] for p in progress if p["started_at"] < self.end}
        modules = Counter(
            p["module_id"]
            for p in progress
            if p["completed_at"] is not None and p["completed_at"] < self.end
        )
        finished = sum(
            1
            for rid in cohort
            if self.residents[rid]["finished_at"] is not None
            and self.residents[rid]["finished_at"] < self.end
        )
        return len(cohort), len(started), dict(modules), finished

    def quiz(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for q in self.rows["quiz"]:
            if self.mine(q) and self.during(q["answered_at"]):
                counts[q["question_id"]][0] += 1
                counts[q["question_id"]][1] += bool(q["correct"])
        return {k: (n, right) for k, (n, right) in counts.items()}

    def nudges(self) -> dict[str, int]:
        mine = [n for n in self.rows["nudges"] if self.mine(n)]
        sent = [n for n in mine if n["status"] == "sent" and self.during(n["sent_at"])]
        return {
            "sent": len(sent),
            "residents": len({n["resident_id"] for n in sent}),
            "followed": sum(1 for n in sent if n["responded_at"] is not None),
            "blocked": sum(
                1 for n in mine if n["status"] == "blocked" and self.during(n["claimed_at"])
            ),
            "failed": sum(
                1 for n in mine if n["status"] == "failed" and self.during(n["claimed_at"])
            ),
        }

    def broadcasts(self) -> dict[int, Counter]:
        started = {b["id"]: b for b in self.rows["broadcasts"] if self.during(b["started_at"])}
        out: dict[int, Counter] = defaultdict(Counter)
        for d in self.rows["deliveries"]:
            if d["broadcast_id"] in started and self.mine(d):
                out[d["broadcast_id"]][d["status"]] += 1
        return dict(out)

    # -- surveys ------------------------------------------------------------------------------
    def pairs(self, instrument: Instrument) -> dict[int, tuple[dict[str, int], dict[str, int]]]:
        """Resident -> (scores before, scores after), for complete pairs finished in the period."""
        items = {i.id: i for i in instrument.items}
        answers: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
        last_post: dict[int, datetime] = {}
        for a in self.rows["survey"]:
            if (
                a["instrument"] != instrument.id
                or a["version"] != instrument.version
                or a["item_id"] not in items
            ):
                continue
            item = items[a["item_id"]]
            score = instrument.score(item, a["value"])
            answers[(a["resident_id"], a["phase"])][item.id] = score
            if a["phase"] == "post":
                rid = a["resident_id"]
                last_post[rid] = max(last_post.get(rid, a["answered_at"]), a["answered_at"])
        out = {}
        for (rid, phase), scores in answers.items():
            if phase != "pre" or rid not in self.residents:
                continue
            post = answers.get((rid, "post"), {})
            if (
                len(scores) == len(items)
                and len(post) == len(items)
                and self.during(last_post.get(rid))
            ):
                out[rid] = (scores, post)
        return out

    def shift(self, item_ids: list[str] | None = None, rids: set[int] | None = None) -> Expected:
        """The paired change of the mean score over `item_ids` (all items by default)."""
        attitude = self.course.attitude
        ids = item_ids or [i.id for i in attitude.items]
        before, after = [], []
        for rid, (pre, post) in self.pairs(attitude).items():
            if rids is not None and rid not in rids:
                continue
            before.append(statistics.fmean(pre[i] for i in ids))
            after.append(statistics.fmean(post[i] for i in ids))
        return paired(before, after)

    def checklist(self) -> tuple[int, dict[str, tuple[int, int]], Expected]:
        pairs = self.pairs(self.course.checklist)
        items = {
            i.id: (
                sum(pre[i.id] for pre, _ in pairs.values()),
                sum(post[i.id] for _, post in pairs.values()),
            )
            for i in self.course.checklist.items
        }
        actions = paired(
            [float(sum(pre.values())) for pre, _ in pairs.values()],
            [float(sum(post.values())) for _, post in pairs.values()],
        )
        return len(pairs), items, actions
