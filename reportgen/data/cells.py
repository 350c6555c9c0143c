"""Reading cells as writers typed them: text cleaned, numbers parsed, formats honoured."""

from __future__ import annotations

import decimal
import math
import re
import unicodedata

from reportgen.data import number_formats
from reportgen.data.xlsx import column_letter, number_of
from reportgen.problems import Problems
from reportgen.render.filters import EXACT, exact_decimal

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def clean_text(value: object) -> str:
    """Text as it should reach Word: control characters removed, NFC, trimmed."""
    if value is None:
        return ""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(value))).strip()


def parse_number(value: object) -> float | int | None:
    """A cell's number, reading unambiguous text ("1,234", "12%", full-width digits); else None.

    Whole numbers are ints and fractions keep the exact decimal the cell holds (`filters.exact_decimal`),
    so a value prints as the workbook holds it at any length; text naming a number Excel cannot hold
    (beyond ±9.99999999999999E+307) is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        exact = exact_decimal(value)
        return int(exact) if exact == exact.to_integral_value() else value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):
        return None
    exact = EXACT.divide(decimal.Decimal(text), 100) if percent else decimal.Decimal(text)
    return number_of(exact)


def format_cell(value: object, number_format: str) -> tuple[str, bool]:
    """Display text of a table cell as Excel shows it under its number format (`number_formats`), and whether it
    is a number (numbers are aligned as the profile says)."""
    if isinstance(value, bool):  # as Excel shows a logical value
        return ("TRUE" if value else "FALSE"), False
    if isinstance(value, str):
        return clean_text(number_formats.format_text(value, number_format)), False
    if value is None:
        return "", False
    shown = number_formats.format_value(value, number_format or "General")
    is_number = isinstance(value, (int, float))
    if shown is None:  # a format numfmt does not show: as General
        return clean_text(number_formats.format_value(value, "General") if is_number else value), is_number
    return clean_text(shown), is_number


class SheetReader:
    """A sheet read as a header row plus records, with cell references for messages."""

    def __init__(self, book_name: str, ws, problems: Problems):
        self.book_name, self.ws, self.problems = book_name, ws, problems
        self.columns: dict[str, int] = {}
        for cell in ws[1]:
            header = clean_text(cell.value)
            if header:
                self.columns.setdefault(header, cell.column)

    def where(self, row: int | None = None, column: str | None = None) -> str:
        place = f"{self.book_name} 工作表“{self.ws.title}”"
        if row is not None and column is not None:
            place += f" 单元格 {column_letter(self.columns[column])}{row}"
        elif row is not None:
            place += f" 第 {row} 行"
        return place

    def require_columns(self, *names: str) -> bool:
        missing = [n for n in names if n not in self.columns]
        for name in missing:
            self.problems.error(self.where(), f"第 1 行缺少列“{name}”",
                                "第 1 行应依次为：" + " | ".join(names))
        return not missing

    def number_format(self, row: int, column: str) -> str:
        return self.ws.cell(row, self.columns[column]).number_format or ""

    def is_error(self, row: int, column: str) -> bool:
        """Whether the cell holds an Excel error value (a failed formula's #N/A, or a newer one such as #BLOCKED!)."""
        return self.ws.cell(row, self.columns[column]).data_type == "e"

    def records(self):
        """(row number, {column: value}) for each row that is not blank; a cell merged over several rows
        gives its value (such as 单位 “元”) to each of them."""
        for row in self.ws.iter_rows(min_row=2, as_records=True):  # a merged cell: each row's value
            values = {name: row[col - 1].value if col - 1 < len(row) else None
                      for name, col in self.columns.items()}
            if any(clean_text(v) for v in values.values()):
                yield row[0].row, values


