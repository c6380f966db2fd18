"""The tables behind the charts: the workbook's own tables (`reports.tables`), as page text.

Cells are formatted with the report's formatters (`reports.fmt`), so a withheld group reads in
the page exactly as it does in /laporan and the downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel.dates import format_datetime

from bot.i18n import BABEL_LOCALES, Translator
from bot.presentation.reports import fmt
from bot.presentation.reports.tables import Cell, Table, tables
from bot.services.reports import Report


@dataclass(frozen=True)
class TableView:
    """A table as the page shows it: every cell already text."""

    key: str
    title: str
    headers: list[str]
    numeric: list[bool]  # right-aligned columns
    rows: list[list[str]]


def cell_text(t: Translator, value: object, kind: str) -> str:
    """One cell in the reader's locale; a withheld group as the report marks it."""
    if isinstance(value, Cell):
        kind, value = value.kind, value.value
    if value is None:
        return "" if kind == "text" else "–"
    if isinstance(value, datetime):  # the workbook's datetimes are Jakarta wall-clock times
        return format_datetime(value, "d MMM yyyy HH:mm", locale=BABEL_LOCALES[t.locale])
    if isinstance(value, date):
        return fmt.day(t, value, "medium")
    render = {"int": fmt.count, "pct": fmt.share, "score": fmt.score, "signed": fmt.signed}
    if kind in render and not isinstance(value, str):
        return render[kind](t, value)  # type: ignore[arg-type]  # a column's kind fits its values
    return str(value)


def view(t: Translator, table: Table) -> TableView:
    """A workbook table as page text."""
    return TableView(
        table.key,
        table.title,
        table.headers,
        [kind != "text" for kind in table.kinds],
        [
            [cell_text(t, value, table.kinds[i]) for i, value in enumerate(row)]
            for row in table.rows
        ],
    )


def views(t: Translator, report: Report) -> dict[str, TableView]:
    """Every table of the report by its key (the CSV file name)."""
    return {table.key: view(t, table) for table in tables(t, report)}
