"""The report's tables as files: an .xlsx workbook (one sheet per table) or CSV files.

A hidden group is the text "<5".
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bot.i18n import Translator
from bot.presentation.reports.tables import Cell, Table, tables
from bot.services.reports.model import Hidden, Report

# Excel number formats; Excel shows them with the reader's own separators.
FORMATS = {
    "int": "#,##0",
    "pct": "0.0%",
    "score": "0.00",
    "signed": "+0.00;-0.00;0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "text": "@",
}


def _cell_value(value: object) -> object:
    if isinstance(value, Hidden):
        return str(value)
    return value


def workbook(t: Translator, r: Report) -> bytes:
    """The .xlsx file: bold frozen headers, number formats, sensible column widths."""
    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for table in tables(t, r):
        sheet = book.create_sheet(table.title[:31])
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [min(max(len(h), 8), 40) for h in table.headers]
        for row in table.rows:
            values = []
            for i, item in enumerate(row):
                value = item.value if isinstance(item, Cell) else item
                values.append(_cell_value(value))
                widths[i] = min(max(widths[i], len(str(_cell_value(value) or "")) + 2), 60)
            sheet.append(values)
            for i, item in enumerate(row):
                kind = item.kind if isinstance(item, Cell) else table.kinds[i]
                cell = sheet.cell(row=sheet.max_row, column=i + 1)
                if isinstance(cell.value, str) and kind != "text":
                    cell.alignment = Alignment(horizontal="right")
                elif kind in FORMATS and cell.value is not None:
                    cell.number_format = FORMATS[kind]
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv_value(value: object) -> object:
    value = value.value if isinstance(value, Cell) else value
    if isinstance(value, Hidden):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return "" if value is None else value


def csv_bytes(table: Table) -> bytes:
    """One table as CSV, UTF-8 with a byte-order mark (so Excel reads it as UTF-8)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(table.headers)
    writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    return text.getvalue().encode("utf-8-sig")


def write_csv(t: Translator, r: Report, folder: Path) -> list[Path]:
    """One CSV file per table."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(t, r):
        path = folder / f"{table.key}.csv"
        path.write_bytes(csv_bytes(table))
        written.append(path)
    return written
