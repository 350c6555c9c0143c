"""Reading an .xlsx workbook: each cell's value as last saved (a formula's cached result), its number
format, whether it holds a formula, and the merged ranges.

reportgen only reads workbooks, and reads every cell of every table.  openpyxl builds an object per
cell, per style and per rich-text run on the way: 2.4 s for a sheet of 10,000 rows x 8 columns.  This
reader walks the parts with lxml and keeps just what reportgen uses, in a tenth of the time; its
sheets answer the few calls reportgen makes of an openpyxl worksheet (`ws[1]`, `ws["B2"]`,
`ws.cell(r, c)`, `ws.iter_rows(min_row=…)`) in the same terms.

Anything unexpected in the package raises `DamagedWorkbook`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from reportgen.problems import ReportgenError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_C, _V, _F, _IS, _T, _R_RUN, _ROW, _MERGE = (f"{{{MAIN}}}{tag}" for tag in ("c", "v", "f", "is", "t", "r", "row",
                                                                            "mergeCell"))
_COL, _FORMAT = f"{{{MAIN}}}col", f"{{{MAIN}}}sheetFormatPr"
DEFAULT_WIDTH = 8.43  # Excel's standard column width, in characters of the default font

# The number formats Excel does not write into styles.xml because their id alone names them
# (ECMA-376 Part 1, 18.8.30), as Chinese Excel and WPS show them: the locale-dependent ids (14, 22,
# 27-36, 50-58) in their zh-CN forms, such as 2025/9/1 and 2025年9月1日.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy", 31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}
_LITERAL = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [Red], [$-804]: not date parts
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_ELAPSED = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)  # [h]:mm
_EPOCH = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # a character XML cannot hold, written as _xHHHH_
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9]\d{0,6})$")


# The numbers Excel can hold (its specifications and limits): larger or smaller ones it cannot show.
LARGEST = decimal.Decimal("9.99999999999999E+307")
SMALLEST = decimal.Decimal("2.2250738585072E-308")


class DamagedWorkbook(ReportgenError):
    """The package is not a workbook this reader can make sense of."""


class StoredNumber(float):
    """A number with a fraction as the workbook stores it: a float for arithmetic (whose results are
    plain floats), and `exact`, the decimal the cell's text says, for printing.  The text may hold more
    digits than a float keeps (123456789.123456789), and printing must not depend on float rounding."""

    __slots__ = ("exact",)
    exact: decimal.Decimal

    def __new__(cls, exact: decimal.Decimal):
        number = super().__new__(cls, float(exact))
        number.exact = exact
        return number

    def __reduce__(self):
        return StoredNumber, (self.exact,)


class OutOfRange(str):
    """What a cell holding a number Excel cannot hold (1e400, INF, NaN, 1e-320) reads as: Excel's error
    value #NUM!, remembering the cell's text (`stored`) so the message can name it."""

    stored: str = ""


def out_of_range(text: str) -> OutOfRange:
    error = OutOfRange("#NUM!")
    error.stored = text.strip()
    return error


def number_of(exact: decimal.Decimal):
    """The value of a number written as `exact`: an int when it is whole (exact at any length), else a
    `StoredNumber`; None for a number Excel cannot hold (not finite, beyond ±9.99999999999999E+307, or
    nearer to 0 than 2.2250738585072E-308)."""
    if not exact.is_finite() or abs(exact) > LARGEST or (exact and abs(exact) < SMALLEST):
        return None
    if exact == exact.to_integral_value():
        return int(exact)  # 5.0 and 1E3 are whole numbers, as Excel shows them; -0 is 0
    return StoredNumber(exact)


def stored_number(text: str):
    """The value of a number cell's text: see `number_of`; `OutOfRange` for a number Excel cannot hold;
    ValueError when the text is not a number at all (the package is damaged)."""
    try:
        exact = decimal.Decimal(text.strip())
    except decimal.InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    value = number_of(exact)
    return out_of_range(text) if value is None else value


@lru_cache(maxsize=None)
def column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def split_ref(ref: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as "B2" or "$B$2"; ValueError for anything else."""
    match = _REF.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def is_date_format(number_format: str) -> bool:
    """Whether a number format shows its number as a date or time (as Excel decides it)."""
    return _DATE_PART.search(_LITERAL.sub("", number_format.split(";")[0])) is not None


def from_serial(value: float, date1904: bool, elapsed: bool):
    """The date, time or duration of Excel serial number `value` (days since the workbook's epoch)."""
    if elapsed:  # [h]:mm shows a duration
        return dt.timedelta(milliseconds=round(value * 86_400_000))
    day, fraction = divmod(value, 1)
    time = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and time.days == 0:
        return (dt.datetime.min + time).time()
    if 0 < value < 60 and not date1904:  # Excel counts a 29 February 1900 that never was
        day += 1
    return _EPOCH[date1904] + dt.timedelta(days=day) + time


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Cell:
    """One cell as openpyxl's read of it with `data_only=True` would show it."""

    __slots__ = ("row", "column", "value", "number_format", "data_type", "formula")

    def __init__(self, row: int, column: int, value=None, number_format: str = "General", data_type: str = "n",
                 formula: str | None = None):
        self.row, self.column, self.value = row, column, value
        self.number_format, self.data_type = number_format, data_type
        self.formula = formula  # "=SUM(B2:B9)"; "" for a cell sharing a formula written in another cell

    @property
    def coordinate(self) -> str:
        return f"{column_letter(self.column)}{self.row}"


@dataclass(frozen=True)
class MergedRange:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


class Sheet:
    """A worksheet's cells, addressed from 1 as in Excel."""

    def __init__(self, title: str, cells: dict[int, dict[int, Cell]], merged: list[MergedRange],
                 widths: dict[int, float] | None = None, default_width: float = DEFAULT_WIDTH):
        self.title = title
        self._cells = cells
        self.merged_ranges = merged
        self.column_widths = widths or {}  # column -> width the writer set (Excel's customWidth), in characters
        self.default_width = default_width  # the others'
        self.max_row = max(cells, default=0)
        self.max_column = max((max(row) for row in cells.values() if row), default=0)

    def cell(self, row: int, column: int) -> Cell:
        found = self._cells.get(row, {}).get(column)
        return found if found is not None else Cell(row, column)

    def row(self, row: int) -> tuple[Cell, ...]:
        """Cells 1 to `max_column` of a row, blank ones included (so `row[c - 1]` is column c)."""
        present = self._cells.get(row, {})
        return tuple(present.get(c) or Cell(row, c) for c in range(1, self.max_column + 1))

    def iter_rows(self, min_row: int = 1, *, as_records: bool = False):
        """Rows `min_row` onwards.  With `as_records` (row 1 names the columns, each later row is one
        record) a merged range below row 1 gives its value to every row it spans, in its first column:
        "技能大赛" merged over three rows is each of the three records' 赛项, as the writer means.  A row
        whose own cells are all blank stays blank (it is not a record)."""
        spread = self._merged_down() if as_records else {}
        for row in range(min_row, self.max_row + 1):
            cells = self.row(row)
            if spread and any(cell.value is not None for cell in cells):
                cells = tuple(spread.get((row, cell.column), cell) for cell in cells)
            yield cells

    def _merged_down(self) -> dict[tuple[int, int], Cell]:
        """(row, column) -> a copy of the first cell of the merged range below row 1 covering that cell
        of the range's first column (the cells Excel leaves blank)."""
        spread = {}
        for merge in self.merged_ranges:
            first = self.cell(merge.min_row, merge.min_col)
            if merge.min_row < 2 or first.value is None:
                continue
            for row in range(merge.min_row + 1, merge.max_row + 1):
                spread[row, merge.min_col] = Cell(row, merge.min_col, first.value, first.number_format,
                                                  first.data_type)
        return spread

    def __getitem__(self, key):
        """`ws[1]` a row; `ws["B2"]` a cell (ValueError for anything not a cell reference)."""
        if isinstance(key, int):
            return self.row(key)
        return self.cell(*split_ref(key))

    def cells_present(self):
        """The cells the sheet's XML holds, row by row: a blank cell is often not written at all."""
        for row in self._cells.values():
            yield from row.values()

    def formula_cells_without_result(self):
        """Cells holding a formula whose result was never saved (a file written by a program)."""
        return [cell for cell in self.cells_present() if cell.formula is not None and cell.value is None]


class Workbook:
    def __init__(self, sheets: dict[str, Sheet]):
        self._sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, name: str) -> Sheet:
        return self._sheets[name]

    @property
    def worksheets(self) -> list[Sheet]:
        return list(self._sheets.values())


def read(path, only: list[str] | None = None) -> Workbook:
    """The workbook at `path` (its sheets named in `only`, when given: the others are empty); raise
    `DamagedWorkbook` when its package cannot be read as one."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _Reader(archive).workbook(only)
    except DamagedWorkbook:
        raise
    except (KeyError, ValueError, IndexError, TypeError, OverflowError, etree.LxmlError, zipfile.BadZipFile,
            EOFError, OSError, RuntimeError, NotImplementedError) as exc:  # zip or XML not as the format says
        raise DamagedWorkbook(str(exc)) from exc


def _float(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def _int(text: str | None) -> int | None:
    value = _float(text)
    return int(value) if value is not None and value.is_integer() else None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


def _text(element) -> str:
    """A string item's text: its own <t>, or its runs' <t>s (phonetic guides left out)."""
    own = element.find(_T)
    if own is not None:
        return _unescape(own.text or "")
    return _unescape("".join(t.text or "" for run in element.iterchildren(_R_RUN) for t in run.iterchildren(_T)))


def _without_dtd(root, part: str):
    """`root`, the parsed `part`; DamagedWorkbook when the part declares a DTD.  No program writes one into
    a workbook (ECMA-376 forbids it), and its entities are left unresolved here, which would silently cut
    a cell's text at the first one (or, resolved, read another file into the report)."""
    if root is not None and root.getroottree().docinfo.doctype:
        raise DamagedWorkbook(f"a DTD in {part}")
    return root


def _elements(handle, part: str, tag):
    """The `tag` elements of `part` as they are parsed (clear each once read: a sheet can be large);
    DamagedWorkbook, once the part is read, when it declares a DTD."""
    parsed = etree.iterparse(handle, tag=tag, resolve_entities=False, huge_tree=True)
    for _, element in parsed:
        yield element
    _without_dtd(parsed.root, part)


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class _Reader:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())

    def _xml(self, name: str):
        if name not in self.names:
            raise DamagedWorkbook(f"missing part {name}")
        with self.archive.open(name) as handle:
            return _without_dtd(etree.parse(handle, _parser()).getroot(), name)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type's last word, target part name) of `part`'s relationships."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.names:
            return {}
        found = {}
        for rel in self._xml(rels).iterchildren(f"{{{_PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
        return found

    def workbook(self, only: list[str] | None = None) -> Workbook:
        book_part = next((target for kind, target in self._relationships("").values() if kind == "officeDocument"),
                         "xl/workbook.xml")
        root = self._xml(book_part)
        rels = self._relationships(book_part)
        by_kind = {kind: target for kind, target in rels.values()}
        strings = self._shared_strings(by_kind.get("sharedStrings"))
        formats = self._number_formats(by_kind.get("styles"))
        properties = root.find(f"{{{MAIN}}}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        sheets = {}
        for sheet in root.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
            kind, target = rels[sheet.get(f"{{{_R}}}id")]
            title = sheet.get("name") or ""
            wanted = kind == "worksheet" and (only is None or title in only)  # a chart sheet holds no cells
            sheets[title] = (_SheetParser(strings, formats, date1904).parse(title, self.archive, target)
                             if wanted else Sheet(title, {}, []))
        return Workbook(sheets)

    def _shared_strings(self, part: str | None) -> list[str]:
        if part is None:
            return []
        strings = []
        with self.archive.open(part) as handle:
            for item in _elements(handle, part, f"{{{MAIN}}}si"):
                strings.append(_text(item))
                item.clear(keep_tail=True)
        return strings

    def _number_formats(self, part: str | None) -> list[str]:
        """The number format of each cell style (a cell's `s` attribute indexes this list)."""
        if part is None:
            return ["General"]
        root = self._xml(part)
        custom = {int(f.get("numFmtId")): f.get("formatCode") or "General"
                  for f in root.iterfind(f"{{{MAIN}}}numFmts/{{{MAIN}}}numFmt")}
        known = {**BUILTIN_FORMATS, **custom}
        return [known.get(int(xf.get("numFmtId", 0)), "General")
                for xf in root.iterfind(f"{{{MAIN}}}cellXfs/{{{MAIN}}}xf")] or ["General"]


class _SheetParser:
    def __init__(self, strings: list[str], formats: list[str], date1904: bool):
        self.strings, self.formats, self.date1904 = strings, formats, date1904
        # style index -> whether its date format shows a duration ([h]:mm), for the styles showing dates
        self.dates = {i: _ELAPSED.search(f.split(";")[0]) is not None for i, f in enumerate(formats)
                      if is_date_format(f)}

    def parse(self, title: str, archive: zipfile.ZipFile, part: str) -> Sheet:
        cells: dict[int, dict[int, Cell]] = {}
        merged, widths, default_width = [], {}, DEFAULT_WIDTH
        row_number = 0
        with archive.open(part) as handle:
            for element in _elements(handle, part, (_ROW, _MERGE, _COL, _FORMAT)):
                if element.tag == _COL:
                    width = _float(element.get("width"))
                    if element.get("customWidth") in ("1", "true") and width is not None and width >= 0:
                        first, last = _int(element.get("min")), _int(element.get("max"))
                        if first and last and 0 <= last - first < 16384:
                            widths.update(dict.fromkeys(range(first, last + 1), width))
                elif element.tag == _FORMAT:
                    default_width = _float(element.get("defaultColWidth")) or default_width
                elif element.tag == _MERGE:
                    first, _, last = element.get("ref", "").partition(":")
                    (r0, c0), (r1, c1) = split_ref(first), split_ref(last or first)
                    merged.append(MergedRange(min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
                else:
                    row_number = int(float(element.get("r"))) if element.get("r") else row_number + 1
                    row = cells.setdefault(row_number, {})
                    column = 0
                    for c in element.iterchildren(_C):
                        ref = c.get("r")
                        column = column_index(ref.rstrip("0123456789$")) if ref else column + 1
                        row[column] = self._cell(c, row_number, column)
                element.clear(keep_tail=True)
        for merge in merged:  # as in Excel, only a merged range's first cell keeps a value
            for r in range(merge.min_row, merge.max_row + 1):
                for c in range(merge.min_col, merge.max_col + 1):
                    if (r, c) != (merge.min_row, merge.min_col) and c in cells.get(r, {}):
                        cells[r][c].value = None
        return Sheet(title, cells, merged, widths, default_width)

    def _cell(self, c, row: int, column: int) -> Cell:
        kind = c.get("t", "n")
        style = int(c.get("s", 0))
        number_format = self.formats[style] if style < len(self.formats) else "General"
        value: object = None
        formula = text = None
        for child in c:
            if child.tag == _V:
                text = child.text or ""
            elif child.tag == _F:
                formula = f"={child.text}" if child.text else ""
            elif child.tag == _IS:
                value = _text(child)
        if kind == "inlineStr":
            return Cell(row, column, value, number_format, "s", formula)
        if text is None:
            return Cell(row, column, None, number_format, "s" if kind in ("s", "str") else kind, formula)
        if kind == "s":
            value = self.strings[int(text)]
        elif kind == "str":
            value, kind = _unescape(text), "s"
        elif kind == "b":
            value = text.strip() not in ("0", "", "false")
        elif kind == "e":
            value = text
        elif kind == "d":  # an ISO 8601 date (strict OOXML)
            value = dt.datetime.fromisoformat(text.strip().removesuffix("Z"))
        else:
            if not text.strip():
                return Cell(row, column, None, number_format, "n", formula)
            number = stored_number(text)
            if isinstance(number, OutOfRange):
                return Cell(row, column, number, number_format, "e", formula)
            value = number
            if style in self.dates:
                try:
                    value, kind = from_serial(number, self.date1904, self.dates[style]), "d"
                except (OverflowError, ValueError):
                    value, kind = "#VALUE!", "e"  # a date serial outside what dates can hold
        return Cell(row, column, value, number_format, kind, formula)
