"""The data workbook: indicators, derived values, tables, the figure list, chart data.

Sheet and column names are the writers' own (Chinese) and documented in the
README.  `read_workbook` reads everything, checks it cell by cell, and returns
a `report_data.ReportData` with every problem found.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import keyword
import zipfile
from pathlib import Path

from reportgen.data import formulas, photos, rules, xlsx
from reportgen.data.cells import SheetReader, clean_text, format_cell, parse_number
from reportgen.data.report_data import (
    CHART,
    ORIENTATIONS,
    PHOTO,
    TABLE_KINDS,
    TEMPLATE_NAMES,
    ChartData,
    FigureSpec,
    Indicator,
    ReportData,
    TableGrid,
    TableSpec,
)
from reportgen.data.xlsx import column_letter
from reportgen.problems import Problems, ReportgenError, os_reason, similar_hint
from reportgen.render.filters import tidy_number

INDICATORS = "指标"
DERIVED = "计算指标"
TABLE_LIST = "表格清单"
FIGURE_LIST = "图片清单"

# What Excel caches in a cell whose formula fails.
TEXT_UNITS = ("", "文字")  # an indicator with one of these 单位 may hold text
EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#BLOCKED!", "#BUSY!", "#CONNECT!", "#FIELD!", "#PYTHON!", "#UNKNOWN!"}
DATES = (dt.date, dt.time, dt.timedelta)  # what a cell under a date or time format reads as (dt.datetime too)
MIN_WIDTH_CM = 1  # narrower is a slip (0.12 for 12), and a picture that small cannot be read
CHART_KINDS = {"柱形图": "column", "条形图": "bar", "饼图": "pie"}


def _check_name(sheet: SheetReader, row: int, column: str, name: str, seen: dict[str, str]) -> bool:
    where = sheet.where(row, column)
    if not name:
        sheet.problems.error(where, "名称为空", "填写名称，或删除这一行")
        return False
    if not name.isidentifier() or keyword.iskeyword(name):
        sheet.problems.error(where, f"名称“{name}”不能用作模板中的名字",
                             "名称只能由汉字、字母、数字和下划线组成，且不能以数字开头（如“招生人数2024”）")
        return False
    if name in TEMPLATE_NAMES:
        sheet.problems.error(where, f"名称“{name}”是保留名", "换一个名称")
        return False
    if name in seen:
        sheet.problems.error(where, f"名称“{name}”重复，已在 {seen[name]} 出现", "每个名称只能出现一次")
        return False
    seen[name] = where
    return True


def _load_indicators(sheet: SheetReader, data: ReportData, seen: dict) -> None:
    if not sheet.require_columns("名称", "数值", "单位", "说明"):
        return
    for row, rec in sheet.records():
        name = clean_text(rec["名称"])
        if not _check_name(sheet, row, "名称", name, seen):
            continue
        raw = rec["数值"]
        value = parse_number(raw)
        where = sheet.where(row, "数值")
        if raw is None or clean_text(raw) == "":
            sheet.problems.error(where, f"指标“{name}”没有数值",
                                 "填写数值；若这是 Excel 公式，请在 Excel 或 WPS 中打开并保存一次，让公式算出结果")
        elif raw in EXCEL_ERRORS or sheet.is_error(row, "数值"):  # else, under 单位 文字, printed as words
            _excel_error(sheet.problems, where, f"指标“{name}”", raw)
        elif isinstance(raw, bool):  # Excel shows TRUE or FALSE: a comparison's result, not a number or words
            sheet.problems.error(where, f"指标“{name}”的数值是逻辑值 {str(raw).upper()}（多为比较公式的结果，如 =B2>B3）",
                                 "填写数字；要印出文字，把这一格改为文字（如“是”或“否”），并把“单位”留空")
        elif value is None and clean_text(rec["单位"]) in TEXT_UNITS and isinstance(raw, (str, *DATES)):
            shown = format_cell(raw, sheet.number_format(row, "数值"))[0]  # a date as the cell shows it
            data.indicators[name] = Indicator(name, shown, clean_text(rec["单位"]), clean_text(rec["说明"]),
                                              where)  # text, such as a school's name
        elif isinstance(raw, DATES):
            shown = format_cell(raw, sheet.number_format(row, "数值"))[0]
            sheet.problems.error(where, f"指标“{name}”的数值是日期或时间（{shown}），而单位是“{clean_text(rec['单位'])}”",
                                 "要印出这个日期，把“单位”留空或写“文字”（按单元格的日期格式印出，如 2025年9月1日）；"
                                 "这一项本是数字时，把单元格格式改为“常规”或“数值”后重新填写")
        elif value is None:
            sheet.problems.error(where, f"指标“{name}”的数值“{clean_text(raw)}”不是数字",
                                 "填写阿拉伯数字，如 2948、0.9932 或 99.32%；这一项本是文字（如学校名称）时，"
                                 "把“单位”留空或写“文字”")
        else:
            data.indicators[name] = Indicator(name, value, clean_text(rec["单位"]), clean_text(rec["说明"]), where)


class _Unavailable(ReportgenError):
    """A formula reads a name whose own problem is already reported."""


class _Cycle(formulas.FormulaError):
    """Formulas that read each other in a circle."""


def _load_derived(sheet: SheetReader, data: ReportData, seen: dict) -> None:
    if not sheet.require_columns("名称", "公式", "单位", "说明"):
        return
    parsed = {}
    for row, rec in sheet.records():
        name = clean_text(rec["名称"])
        if not _check_name(sheet, row, "名称", name, seen):
            continue
        where = sheet.where(row, "公式")
        try:
            parsed[name] = (formulas.parse(clean_text(rec["公式"])), row, rec)
        except formulas.FormulaError as exc:
            sheet.problems.error(where, str(exc), "公式只写指标名称、数字和 + - * / ( )，如：就业人数 / 毕业生数")

    values: dict[str, float | str] = {name: item.value for name, item in data.indicators.items()}
    failed: set[str] = set()

    class Lookup(dict):
        def __missing__(self, name):
            return dependency(name)

    stack: list[str] = []

    def report(name: str, exc: formulas.FormulaError) -> None:
        if name not in failed:
            failed.add(name)
            hint = ("检查公式中的名称是否与“指标”表一致" if "找不到名称" in str(exc) else "按上面的说明改正这个公式")
            sheet.problems.error(sheet.where(parsed[name][1], "公式"), f"“{name}”的公式无法计算：{exc}", hint)

    def dependency(name: str) -> float | str:
        """A name another formula reads: when it has no value because of a problem reported at its own
        cell (a bad number, a broken formula), the formula reading it is skipped, not blamed."""
        if name in values:
            return values[name]
        if (name in seen and name not in parsed) or name in failed:
            raise _Unavailable(name)
        if name in parsed and name not in stack:
            try:
                return resolve(name)
            except _Cycle:
                raise  # reported at the formula the cycle was entered from
            except formulas.FormulaError as exc:
                report(name, exc)
                raise _Unavailable(name) from None
        return resolve(name)

    def resolve(name: str) -> float | str:
        if name in values:
            return values[name]
        if name not in parsed:
            raise formulas.FormulaError(f"找不到名称“{name}”" + _close(name, [*values, *parsed]))
        if name in stack:
            raise _Cycle("公式循环引用：" + " → ".join([*stack[stack.index(name):], name]))
        stack.append(name)
        try:
            tree, row, rec = parsed[name]
            value = formulas.evaluate(tree, Lookup())
            values[name] = value
            data.derived[name] = Indicator(name, value, clean_text(rec["单位"]), clean_text(rec["说明"]),
                                           sheet.where(row, "公式"))
            return value
        finally:
            stack.pop()

    for name in parsed:
        try:
            resolve(name)
        except _Unavailable:
            continue  # what it reads has a problem of its own, reported there
        except formulas.FormulaError as exc:
            report(name, exc)


def _close(name: str, names) -> str:
    hint = similar_hint(name, names)
    return f"，{hint}" if hint else ""



def _words(sheet: SheetReader, row: int, rec: dict, column: str) -> str:
    """A column whose words go into the draft (a caption, a table's unit or note): a cell showing an Excel
    error is reported, not printed as the caption "#N/A"."""
    if column in sheet.columns and sheet.is_error(row, column):
        _excel_error(sheet.problems, sheet.where(row, column), f"“{column}”", rec[column])
    return clean_text(rec.get(column))


def _excel_error(problems: Problems, where: str, what: str, value, consequence: str = "") -> None:
    stored = getattr(value, "stored", "")
    if stored:  # a number Excel cannot hold, written by a program: Excel itself would show #NUM!
        problems.error(where, f"{what}的数值“{stored}”不是 Excel 能保存的数（须为有限的数，绝对值在 "
                              f"{xlsx.SMALLEST:E} 到 {xlsx.LARGEST:E} 之间，或为 0）",
                       "在 Excel 中填入正确的数值；很大的金额可改用“万元”“亿元”为单位")
        return
    problems.error(where, f"{what}显示 Excel 的错误值 {value}（它的公式算不出结果）{consequence}",
                   "在 Excel 中改正这个单元格的公式（或填入数值），保存后重新检查")


def _read_grid(book_name: str, ws, problems: Problems) -> TableGrid:
    merges = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_ranges]
    shown: dict[tuple[int, int], tuple[str, bool]] = {}
    last_row = last_col = 0
    for cell in ws.cells_present():
        value = cell.value
        if value is None:
            continue
        if cell.data_type == "e" or value in EXCEL_ERRORS:
            _excel_error(problems, f"{book_name} 工作表“{ws.title}” 单元格 {cell.coordinate}", "单元格", value,
                         "，会原样印在表格中")
        text, is_number = format_cell(value, cell.number_format)
        if text:
            shown[cell.row - 1, cell.column - 1] = text, is_number
            last_row, last_col = max(last_row, cell.row), max(last_col, cell.column)
    for _, _, r1, c1 in merges:
        last_row, last_col = max(last_row, r1 + 1), max(last_col, c1 + 1)
    blank = ("", False)
    rows = [[shown.get((r, c), blank) for c in range(last_col)] for r in range(last_row)]
    columns = range(1, last_col + 1)
    widths = [ws.column_widths.get(c, ws.default_width) for c in columns] \
        if any(c in ws.column_widths for c in columns) else None
    return TableGrid([[text for text, _ in row] for row in rows], [[number for _, number in row] for row in rows],
                     merges, widths)


def _overlapping(merges: list[tuple[int, int, int, int]]) -> list[tuple]:
    """Pairs of merged ranges that share a cell (Excel refuses to make them; a file can still hold them)."""
    owner: dict[tuple[int, int], tuple] = {}
    found: list[tuple] = []
    for merge in merges:
        r0, c0, r1, c1 = merge
        cells = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
        found += [(other, merge) for other in sorted({owner[cell] for cell in cells if cell in owner})]
        owner.update(dict.fromkeys(cells, merge))
    return found


def _range_name(merge: tuple[int, int, int, int]) -> str:
    r0, c0, r1, c1 = merge
    return f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"


def _orientation(sheet: SheetReader, row: int, rec: dict) -> bool:
    """The optional 版式 column: True for a landscape page."""
    value = clean_text(rec.get("版式"))
    if value not in ORIENTATIONS:
        sheet.problems.error(sheet.where(row, "版式"), f"版式“{value}”不可用", "填写“横向”或“纵向”（留空即纵向）")
        return False
    return ORIENTATIONS[value]


def _load_tables(book, sheet: SheetReader, data: ReportData) -> None:
    if not sheet.require_columns("名称", "工作表", "表题", "表头行数"):
        return
    for row, rec in sheet.records():
        name, target = clean_text(rec["名称"]), clean_text(rec["工作表"])
        if not _check_name(sheet, row, "名称", name, {n: t.where for n, t in data.tables.items()}):
            continue
        if target not in book.sheetnames:
            sheet.problems.error(sheet.where(row, "工作表"), f"找不到工作表“{target}”",
                                 "工作表名须与表格所在的工作表标签一致" + _close(target, book.sheetnames))
            continue
        title = _words(sheet, row, rec, "表题")
        if not title:
            sheet.problems.error(sheet.where(row, "表题"), f"表格“{name}”没有表题", "填写表题，如“庆阳市中职学校情况表”")
        header_rows = parse_number(rec["表头行数"])
        if not isinstance(header_rows, int) or header_rows < 0:
            sheet.problems.error(sheet.where(row, "表头行数"), "表头行数应为 0 或正整数", "填写表头占几行，如 1 或 2")
            header_rows = 0
        label = clean_text(rec.get("类型")) or TABLE_KINDS[0]
        if label not in TABLE_KINDS:
            sheet.problems.error(sheet.where(row, "类型"), f"类型“{label}”不可用",
                                 "正文表格填“表”（或留空），附录中的表格填“附表”，公文的附件填“附件”")
            label = TABLE_KINDS[0]
        grid = _read_grid(sheet.book_name, book[target], sheet.problems)
        if grid.size[0] == 0:
            sheet.problems.error(f"{sheet.book_name} 工作表“{target}”", "表格是空的", "从 A1 单元格开始填写表格")
            continue
        overlaps = _overlapping(grid.merges)
        for first, second in overlaps:
            sheet.problems.error(f"{sheet.book_name} 工作表“{target}”",
                                 f"合并单元格 {_range_name(first)} 与 {_range_name(second)} 重叠",
                                 "在 Excel 中选中这两处，取消合并后重新合并（一个单元格只能属于一处合并）")
        if overlaps:  # reported; the rest of the check goes on without the later range of each pair
            grid.merges[:] = [merge for merge in grid.merges if merge not in {second for _, second in overlaps}]
        if header_rows > grid.size[0]:
            sheet.problems.error(sheet.where(row, "表头行数"), f"表头行数 {header_rows} 多于表格“{target}”的行数 "
                                 f"{grid.size[0]}", "填写表头实际占几行，如 1 或 2")
        else:
            _check_header(sheet, row, target, grid, header_rows)
        if not _excel_widths(sheet, row, rec):
            grid = dataclasses.replace(grid, widths=None)
        data.tables[name] = TableSpec(name, title, min(header_rows, grid.size[0]), _words(sheet, row, rec, "单位"),
                                      _words(sheet, row, rec, "注"), grid, sheet.where(row), label,
                                      _orientation(sheet, row, rec))


COLUMN_SIZING = {"": True, "按Excel": True, "按内容": False}


def _excel_widths(sheet: SheetReader, row: int, rec: dict) -> bool:
    """The optional 列宽 column: whether the table takes its columns' widths from Excel (where the
    writer set them) rather than from their content."""
    value = clean_text(rec.get("列宽")).replace(" ", "")
    value = {key.lower(): key for key in COLUMN_SIZING}.get(value.lower(), value)  # 按excel, 按EXCEL
    if value not in COLUMN_SIZING:
        sheet.problems.error(sheet.where(row, "列宽"), f"列宽“{value}”不可用",
                             "填写“按内容”（按各列文字定列宽）或“按Excel”（按工作表中的列宽比例），留空即按 Excel（未设过列宽时按内容）")
        return True
    return COLUMN_SIZING[value]


def _check_header(sheet: SheetReader, row: int, target: str, grid, header_rows: int) -> None:
    """The rows `表头行数` counts as the header must read as one: none empty, none holding the data's
    numbers (a year such as 2025 may head a column)."""
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    crossing = min(((r0, c0, r1) for r0, c0, r1, _ in grid.merges if r0 < header_rows <= r1),
                   key=lambda merge: (merge[1], merge[0]), default=None)  # the leftmost
    if header_rows and crossing:  # a header cell merged down past the header: the header is taller
        r0, c0, r1 = crossing
        sheet.problems.error(sheet.where(row, "表头行数"),
                             f"表头行数 {header_rows} 少于表格“{target}”表头实际占的行数：单元格 "
                             f"{column_letter(c0 + 1)}{r0 + 1} 向下合并到第 {r1 + 1} 行",
                             f"把表头行数改为 {r1 + 1}")
    for r in range(header_rows):
        cells = grid.cells[r]
        if not any(cells) and not any((r, c) in covered for c in range(len(cells))):
            sheet.problems.error(f"{sheet.book_name} 工作表“{target}”第 {r + 1} 行",
                                 f"表头的第 {r + 1} 行是空的（表头行数填的是 {header_rows}）",
                                 "删去这一空行，或把表头行数改为表头实际占的行数")
        numbers = [text for text, numeric in zip(cells, grid.numeric[r]) if numeric and not _year(text)]
        if r > 0 and len(numbers) >= 2:
            sheet.problems.error(sheet.where(row, "表头行数"),
                                 f"表头行数 {header_rows} 把表格“{target}”的第 {r + 1} 行也算作表头，"
                                 f"但这一行是数据（{'、'.join(numbers[:3])}{'……' if len(numbers) > 3 else ''}）",
                                 f"把表头行数改为 {r}（表头实际占的行数）")
            return


def _year(text: str) -> bool:
    return text.isdigit() and 1900 <= int(text) <= 2100


def _load_chart(book_name: str, ws, problems: Problems, pie: bool = False) -> ChartData | None:
    """A chart's data: categories and series names as the sheet shows them (`format_cell`: a date, a
    percentage), and each value with its number format, which the chart's labels keep."""
    where = f"{book_name} 工作表“{ws.title}”"
    headers = [format_cell(c.value, c.number_format)[0] for c in ws[1]]
    columns = [i for i, h in enumerate(headers) if i > 0 and h and h != "说明"]
    if not headers or not headers[0] or not columns:
        problems.error(where, "图表数据应在第 1 行写表头：第 1 列为类别，其后每列一个数据系列",
                       "如：专业大类 | 在校生数")
        return None
    categories: list = []
    series: dict[int, list] = {i: [] for i in columns}
    formats: dict[int, list[str]] = {i: [] for i in columns}
    for row in ws.iter_rows(min_row=2, as_records=True):  # a category merged over rows: each row's
        label = format_cell(row[0].value, row[0].number_format)[0]
        if not label:
            figures = [cell for cell in row[1:] if cell.column - 1 in series and clean_text(cell.value)]
            if figures:  # its values would be left out of the chart without a word
                problems.error(f"{where} 单元格 A{row[0].row}",
                               f"第 {row[0].row} 行有图表数据（{clean_text(figures[0].value)}）但没有类别",
                               "在 A 列填写这一行的类别；不需要的数据整行删去")
            continue
        categories.append(label)
        for i in columns:
            cell = row[i] if i < len(row) else None
            value = parse_number(cell.value) if cell is not None else None
            if cell is not None and cell.data_type == "e":
                _excel_error(problems, f"{where} 单元格 {cell.coordinate}", "图表数据", cell.value)
                value = 0
            elif value is None:
                ref = f"{column_letter(i + 1)}{row[0].row}"
                problems.error(f"{where} 单元格 {ref}", "图表数据应为数字", "填写数字；没有数据的填 0")
                value = 0
            elif pie and value < 0:
                ref = f"{column_letter(i + 1)}{row[0].row}"
                problems.error(f"{where} 单元格 {ref}", f"饼图的数值不能为负数（{tidy_number(value)}）",
                               "饼图表示各部分占整体的份额：改正数值，或在插图清单中改用柱形图")
            series[i].append(value)
            formats[i].append((cell.number_format if cell is not None else "") or "General")
    if not categories:
        problems.error(where, "图表没有数据行", "从第 2 行起每行填写一个类别及其数值")
        return None
    return ChartData(categories, [(headers[i], series[i]) for i in columns], [formats[i] for i in columns])


def _load_figures(book, sheet: SheetReader, data: ReportData, root: Path, inspect) -> None:
    if not sheet.require_columns("名称", "类型", "来源", "图题", "宽度(厘米)"):
        return
    for row, rec in sheet.records():
        name = clean_text(rec["名称"])
        if not _check_name(sheet, row, "名称", name, {n: f.where for n, f in data.figures.items()}):
            continue
        kind, source, title = clean_text(rec["类型"]), clean_text(rec["来源"]), _words(sheet, row, rec, "图题")
        if not title:
            sheet.problems.error(sheet.where(row, "图题"), f"插图“{name}”没有图题", "填写图题")
        width = parse_number(rec["宽度(厘米)"])
        # "50%" typed as text, or a cell Excel formats as a percentage: a share of the text width.
        fraction = clean_text(rec["宽度(厘米)"]).endswith("%") or "%" in sheet.number_format(row, "宽度(厘米)")
        if not isinstance(width, (int, float)) or not (0.05 <= width <= 1 if fraction else width >= MIN_WIDTH_CM):
            sheet.problems.error(sheet.where(row, "宽度(厘米)"), f"宽度应为 {MIN_WIDTH_CM} 厘米以上的数，"
                                 "或 5% 到 100% 的版心宽度比例", "如 12、14.5 或 50%")
            width, fraction = 12, False
        where = sheet.where(row)
        landscape = _orientation(sheet, row, rec)
        if kind == PHOTO:
            path = (root / source.replace("\\", "/")).resolve()  # a Windows path (data\图片\1.jpg) too
            if not source:
                sheet.problems.error(sheet.where(row, "来源"), "没有填写图片文件", "填写图片路径，如 data/图片/04-剪纸社团.jpg")
            elif not path.is_relative_to(root.resolve()):
                sheet.problems.error(sheet.where(row, "来源"), f"图片 {source} 在报告项目文件夹之外",
                                     "把图片复制到项目的 data/图片/ 文件夹，并写相对路径")
            elif not path.is_file():
                sheet.problems.error(sheet.where(row, "来源"), f"找不到图片文件 {source}", "检查文件名（含扩展名）和文件夹")
            else:
                try:
                    info = inspect(path)
                except photos.ImageProblem as exc:
                    sheet.problems.error(sheet.where(row, "来源"), f"图片 {source} 无法使用：{exc}",
                                         "换用一张能在看图软件中正常打开的 JPEG 或 PNG 图片")
                else:
                    data.figures[name] = FigureSpec(name, PHOTO, title, float(width), image=path,
                                                    pixels=(info.width, info.height), where=where,
                                                    width_is_fraction=fraction, landscape=landscape)
        elif kind == CHART:
            chart_kind = CHART_KINDS.get(clean_text(rec.get("图表类型")))
            if chart_kind is None:
                sheet.problems.error(sheet.where(row, "图表类型"), f"图表类型“{clean_text(rec.get('图表类型'))}”不可用",
                                     "可选：" + "、".join(CHART_KINDS))
            if source not in book.sheetnames:
                sheet.problems.error(sheet.where(row, "来源"), f"找不到图表数据工作表“{source}”",
                                     "来源应为图表数据所在工作表的名称" + _close(source, book.sheetnames))
                continue
            chart = _load_chart(sheet.book_name, book[source], sheet.problems, pie=chart_kind == "pie")
            data.figures[name] = FigureSpec(name, CHART, title, float(width), width_is_fraction=fraction,
                                            chart_kind=chart_kind or "column",
                                            chart=chart, where=where, landscape=landscape)
        else:
            sheet.problems.error(sheet.where(row, "类型"), f"类型“{kind}”不可用", f"填写“{PHOTO}”或“{CHART}”")


OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # legacy .xls, and any password-protected workbook


def _open_book(path: Path, problems: Problems):
    """The workbook with cached values, or None after saying why it cannot be read."""
    name = path.name
    save_as = "在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        problems.error(name, f"无法打开工作簿（{os_reason(exc)}）", "检查文件是否存在、是否有读取权限")
        return None
    if head == OLE_SIGNATURE:
        problems.error(name, "这是旧版 .xls 工作簿或设置了打开密码的工作簿，无法读取",
                       save_as + "；如设有密码，请先取消密码")
        return None
    if not zipfile.is_zipfile(path):
        problems.error(name, "不是 Excel 工作簿（.xlsx）文件（可能是 CSV、文本或改了扩展名的其他文件）", save_as)
        return None
    try:
        return xlsx.read(path)
    except xlsx.DamagedWorkbook:
        problems.error(name, "工作簿已损坏，无法读取", "用 Excel 或 WPS 打开修复后另存；或从备份恢复")
        return None


def _check_formula_results(book_name: str, book, problems: Problems) -> None:
    """A formula whose result was never saved (a file written by a program) would read as empty."""
    for sheet in book.worksheets:
        for cell in sheet.formula_cells_without_result():
            problems.error(f"{book_name} 工作表“{sheet.title}” 单元格 {cell.coordinate}", f"公式{f' {cell.formula} ' if cell.formula else ''}没有保存计算结果",
                           "在 Excel 或 WPS 中打开该工作簿并保存一次，让公式算出结果")


def read_workbook(path: Path, root: Path, inspect=photos.inspect) -> tuple[ReportData, Problems]:
    """Read the data workbook at `path` (a project file under `root`) and every problem in it.

    The data holds whatever could be read, so templates can still be checked
    against the names the workbook declares when some values are wrong.
    `inspect(path)` checks each photo (`photos.inspect`, or a cache of it).
    """
    problems = Problems()
    data = ReportData()
    book_name = path.name
    book = _open_book(path, problems)
    if book is None:
        data.names_known = False  # each template name would be reported as undefined: say it once, here
        return data, problems
    _check_formula_results(book_name, book, problems)
    data.workbook, data.sheets = path, list(book.sheetnames)

    seen: dict[str, str] = {}
    for required in (INDICATORS, DERIVED, TABLE_LIST, FIGURE_LIST):
        if required not in book.sheetnames:
            problems.error(book_name, f"缺少工作表“{required}”",
                           "工作簿须包含工作表：" + "、".join((INDICATORS, DERIVED, TABLE_LIST, FIGURE_LIST)))
    if INDICATORS in book.sheetnames:
        _load_indicators(SheetReader(book_name, book[INDICATORS], problems), data, seen)
    if DERIVED in book.sheetnames:
        _load_derived(SheetReader(book_name, book[DERIVED], problems), data, seen)
    if TABLE_LIST in book.sheetnames:
        _load_tables(book, SheetReader(book_name, book[TABLE_LIST], problems), data)
    if FIGURE_LIST in book.sheetnames:
        _load_figures(book, SheetReader(book_name, book[FIGURE_LIST], problems), data, root, inspect)
    if rules.SHEET in book.sheetnames and not problems.errors:
        data.rules_checked = rules.check_rules(book, SheetReader(book_name, book[rules.SHEET], problems),
                                               data.values)
    data.rules_waiting = rules.SHEET in book.sheetnames and bool(problems.errors)
    data.declared |= set(seen)
    return data, problems
