"""`列表("工作表")`: a sheet's rows as records, for loops in templates.

    {%p for 行 in 列表("获奖情况") %}
    {{ loop.index }}. {{ 行.学生 }}获{{ 行.奖项 }}（{{ 行.日期|日期("年月日") }}）。
    {%p endfor %}

Row 1 names the columns; each later row that is not blank is a record, its cells read by column
name (`行.奖项` or `行["奖项"]`).  Numbers stay numbers (filters and comparisons work on them) and
print, bare, as Excel shows them; dates are dates; empty cells are empty text.  The sheet is read
when a template first asks for it.  Mistakes (an unknown sheet or column, an Excel error value)
raise `FilterError`, reported at the template's paragraph.
"""

from __future__ import annotations

import datetime as dt

from reportgen.data import number_formats
from reportgen.data import xlsx
from reportgen.data.cells import clean_text
from reportgen.problems import similar_hint
from reportgen.render import filters

EXCEL_ERROR_TYPE = "e"


class Record(dict):
    """One row, keyed by column name; a name the sheet lacks is an error with the close names."""

    sheet: str = ""

    def __missing__(self, column):
        raise filters.FilterError(f"工作表“{self.sheet}”没有名为“{column}”的列",
                                  similar_hint(str(column), list(self), "列名以工作表第 1 行为准"))


class Logical:
    """A logical cell: true or false in `{% if %}`, printed TRUE or FALSE as Excel shows it (a Python
    bool, which cannot be subclassed, would print True)."""

    __slots__ = ("value",)

    def __init__(self, value: bool):
        self.value = value

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other) -> bool:
        return self.value == (other.value if isinstance(other, Logical) else other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return "TRUE" if self.value else "FALSE"

    __repr__ = __str__


class SheetLists:
    """The workbook's sheets as lists of records, each read once."""

    def __init__(self, workbook, sheets: list[str]):
        self.workbook, self.sheets = workbook, sheets
        self._read: dict[str, list[Record]] = {}

    def __call__(self, sheet=None) -> list[Record]:
        name = clean_text(sheet)
        if name not in self.sheets:
            raise filters.FilterError(f"列表(\"{name}\") 中的工作表“{name}”不存在",
                                      similar_hint(name, self.sheets, "写工作簿中工作表的名称（工作表标签上的名字）"),
                                      tag=f'列表("{name}")')
        if name not in self._read:
            try:
                book = xlsx.read(self.workbook, only=[name])
            except (xlsx.DamagedWorkbook, OSError):
                raise filters.FilterError(f"读取工作表“{name}”失败", "确认工作簿没有在生成过程中被改动") from None
            self._read[name] = _records(name, book[name])
        return self._read[name]


def _records(name: str, sheet) -> list[Record]:
    rows = list(sheet.iter_rows(as_records=True))  # a merged cell's value is each row's it spans
    if not rows:
        return []
    columns = {}
    for cell in rows[0]:
        header = clean_text(cell.value)
        if header and header not in columns:
            columns[header] = cell.column - 1
    records = []
    for row in rows[1:]:
        record = Record()
        record.sheet = name
        for header, index in columns.items():
            cell = row[index] if index < len(row) else None
            record[header] = _value(name, header, cell)
        if any(value != "" for value in record.values()):
            records.append(record)
    return records


def _value(sheet: str, header: str, cell):
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if cell.data_type == EXCEL_ERROR_TYPE:
        raise filters.FilterError(f"工作表“{sheet}”单元格 {cell.coordinate} 显示 Excel 的错误值 {value}",
                                  "在 Excel 中改正这个单元格的公式（或填入数值），保存后重新检查")
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return Logical(value)
    if isinstance(value, dt.datetime):
        shown = number_formats.format_value(value, cell.number_format)
        value = value.date() if value.time() == dt.time() else value
        return filters.shown_as(value, shown)
    if isinstance(value, (int, float)):
        number = filters.measured(value, header, "")
        if cell.number_format not in ("General", ""):
            number.shown = number_formats.format_value(value, cell.number_format)
        return number
    return value
