"""The report's data as reportgen sees it once the workbook is read.

`workbook.read_workbook` builds a `ReportData` from the writers' sheets; the
rest of the build only reads it.  The sheets themselves are documented in the
README (数据工作簿).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PHOTO, CHART = "照片", "图表"  # the figure list's 类型 column
ORIENTATIONS = {"": False, "纵向": False, "横向": True}  # the lists' 版式 column: landscape or not
TABLE_KINDS = ("表", "附表", "附件")  # the table list's 类型 column, also the caption labels (附件: a 公文's)
FIGURE_LABEL = "图"
# The names templates call: insert a table or figure, refer to one, list headings or captions.
TABLE, FIGURE, REFERENCE = "表格", "插图", "引用"
TOC, FIGURE_LIST, TABLE_LIST, APPENDIX_LIST = "目录", "图目录", "表目录", "附表目录"
LIST = "列表"  # a sheet's rows, for loops in templates
TEMPLATE_NAMES = {"报告", TABLE, FIGURE, REFERENCE, LIST, TOC, FIGURE_LIST, TABLE_LIST, APPENDIX_LIST}
EMU_PER_CM = 360000


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float | int | str  # text where the 单位 is blank or 文字 (a school's name)
    unit: str
    note: str
    where: str


@dataclass(frozen=True)
class TableGrid:
    """A table as laid out in its sheet: display text per cell and merged ranges."""

    cells: list[list[str]]
    numeric: list[list[bool]]
    merges: list[tuple[int, int, int, int]]  # 0-based (first_row, first_col, last_row, last_col)
    widths: list[float] | None = None  # each column's width in Excel, when the writer set any (proportions)

    @property
    def size(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def shown_rows(self) -> list[dict[int, str]]:
        """What each row shows, by the grid column each cell starts at: a cell merged down shows its text
        on every row it covers (as a reader of the draft's table sees it)."""
        origin = {(r, c): (r0, c0) for r0, c0, r1, c1 in self.merges
                  for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        rows, cols = self.size
        shown = []
        for r in range(rows):
            row = {}
            for c in range(cols):
                r0, c0 = origin.get((r, c), (r, c))
                if c0 == c:  # not inside a cell merged across
                    row[c] = self.cells[r0][c0] or ""
            shown.append(row)
        return shown


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    header_rows: int
    unit: str
    note: str
    grid: TableGrid
    where: str
    label: str = "表"  # the 表格清单's 类型: "表" (body table) or "附表" (appendix table, numbered apart)
    landscape: bool = False  # 版式 横向: on a landscape page of its own


@dataclass(frozen=True)
class ChartData:
    categories: list[str]  # as the sheet shows them (a date under its format, not a serial)
    series: list[tuple[str, list[float]]]
    formats: list[list[str]] = field(default_factory=list)  # per series, each value's number format


@dataclass(frozen=True)
class FigureSpec:
    name: str
    kind: str  # PHOTO or CHART
    title: str
    width: float  # centimetres, or a fraction of the text width when `width_is_fraction`
    image: Path | None = None
    pixels: tuple[int, int] = (0, 0)  # the photo's width and height, upright
    width_is_fraction: bool = False
    chart_kind: str = ""  # "column", "bar" or "pie"
    chart: ChartData | None = None
    where: str = ""
    landscape: bool = False  # 版式 横向: on a landscape page of its own

    def width_emu(self, text_width_emu: int, available_emu: int) -> int:
        """The placed width: as listed (in cm or as a share of the text width), within the space available."""
        wanted = self.width * text_width_emu if self.width_is_fraction else self.width * EMU_PER_CM
        return round(min(wanted, available_emu))


@dataclass
class ReportData:
    indicators: dict[str, Indicator] = field(default_factory=dict)
    derived: dict[str, Indicator] = field(default_factory=dict)
    tables: dict[str, TableSpec] = field(default_factory=dict)
    figures: dict[str, FigureSpec] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)  # every name in 指标/计算指标, readable or not
    names_known: bool = True  # False when the workbook could not be read: templates' names go unchecked
    rules_checked: int = 0
    rules_waiting: bool = False  # the rule sheet is there, but left until the data's errors are put right
    workbook: Path | None = None  # where it was read from: 列表() reads a sheet's rows from it when asked
    sheets: list[str] = field(default_factory=list)  # every sheet's name, in the workbook's order

    def label_of(self, kind: str, name: str) -> str:
        """The caption label of a requested table ("表格") or figure: "表", "附表" or "图"."""
        return self.tables[name].label if kind == TABLE else FIGURE_LABEL

    def landscape_of(self, kind: str, names) -> bool:
        """Whether a requested table, or any of a row of figures, asks for a landscape page."""
        specs = self.tables if kind == TABLE else self.figures
        return any(specs[name].landscape for name in names)

    @property
    def values(self) -> dict[str, float | int | str]:
        """Every named value the templates can use."""
        return {name: item.value for name, item in {**self.indicators, **self.derived}.items()}
