"""What a report's SQL counts: the period, the area, demo or real residents; shared helpers.

Every query takes one connection and a `Window` and returns small aggregated rows, never one row
per resident. Timestamps are compared as UTC instants; activity days are Jakarta dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, false, func, null, true

from bot.db.models import Resident

S = TypeVar("S", bound="Select[*tuple[Any, ...]]")


@dataclass(frozen=True)
class Window:
    """Which residents and which moments a query counts."""

    start: datetime | None  # UTC, inclusive; None: from the beginning
    end: datetime  # UTC, exclusive
    first_day: date | None  # Jakarta dates, inclusive
    last_day: date
    demo: bool | None = None  # only demo (True) or only real (False) residents; None: all
    region: str | None = None
    district: str | None = None

    def scope(self) -> list[ColumnElement[bool]]:
        """Conditions on `residents` for the area and the kind of resident."""
        conditions: list[ColumnElement[bool]] = []
        if self.demo is not None:
            conditions.append(Resident.is_demo.is_(true() if self.demo else false()))
        if self.region is not None:
            conditions.append(Resident.region == self.region)
        if self.district is not None:
            conditions.append(Resident.district == self.district)
        return conditions

    def area(self) -> ColumnElement[Any]:
        """The column a breakdown groups by: kota, the kota's kecamatan, or nothing."""
        if self.district is not None:
            return null().label("area")
        if self.region is not None:
            return Resident.district.label("area")
        return Resident.region.label("area")

    def by_area(self) -> tuple[SQLColumnExpression[Any], ...]:
        """The GROUP BY of a breakdown by `area()`."""
        if self.district is not None:
            return ()
        return (Resident.district,) if self.region is not None else (Resident.region,)

    def during(self, column: SQLColumnExpression[datetime | None]) -> ColumnElement[bool]:
        """`column` (a timestamp) falls in the period."""
        if self.start is None:
            return column < self.end
        return and_(column >= self.start, column < self.end)

    def on_days(self, column: SQLColumnExpression[date | None]) -> ColumnElement[bool]:
        """`column` (a Jakarta date) falls in the period."""
        if self.first_day is None:
            return column <= self.last_day
        return and_(column >= self.first_day, column <= self.last_day)

    def residents_of(self, query: S, resident_id: SQLColumnExpression[int]) -> S:
        """`query` kept to the rows of residents in scope (`resident_id`: its residents.id
        column); no join when every resident is in scope."""
        scope = self.scope()
        if not scope:
            return query
        return query.join(Resident, Resident.id == resident_id).where(*scope)


def count_if(condition: SQLColumnExpression[bool]) -> ColumnElement[int]:
    """COUNT(*) FILTER (WHERE condition)."""
    return func.count().filter(condition)


def utc(moment: datetime | None) -> datetime:
    """SQLite hands timestamps back without a zone; the bot always stores UTC."""
    assert moment is not None  # the queries using this select only timestamps that are set
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def as_date(value: date | str) -> date:
    """SQLite hands dates back as ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value
