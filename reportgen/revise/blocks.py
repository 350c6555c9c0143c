"""The tables and charts from the workbook, as the draft shows them and as their sheets give them now.

A table is found by its caption (its bookmark as recorded, or its title when the record is lost); its
rows are aligned with the sheet's so that a row the editors inserted or deleted is told from a row
whose cells changed.  A chart's cached points (what Word draws) are compared with its sheet's.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from reportgen.data.report_data import FIGURE_LABEL
from reportgen.oxml import table_xml as oxml_table
from reportgen.oxml.chart import chart_data, set_chart_data
from reportgen.oxml.element import Element
from reportgen.oxml.revisions import visible_runs
from reportgen.oxml.table_xml import cell_text, row_cells
from reportgen.oxml.text import text_of
from reportgen.revise.difference import (
    CELL,
    CHART,
    EXTRA_ROW,
    MISSING_ROW,
    TABLE_GONE,
    Comparison,
)

LISTED_POINTS = 5  # a chart's changed points listed in one line; more are counted


def recorded_blocks(draft, record: dict) -> dict:
    """The recorded tables and charts, each with the caption its bookmark stands in."""
    return {kind: [(draft.caption_of(bookmark), entry) for bookmark, entry in record.get(kind, {}).items()]
            for kind in ("tables", "charts")}


def blocks_by_title(draft, data, caption: str, record: dict | None = None) -> dict:
    """The workbook's tables and charts found by their captions' text ("表 1 全市中等职业学校情况表"),
    when the record or the caption bookmarks are lost; the cells as built from the `record`, if any."""
    printed = {entry["name"]: entry.get("rows") for entry in (record or {}).get("tables", {}).values()}
    captions: dict[str, Element] = {}
    for p in draft.paragraphs():
        captions.setdefault(re.sub(r"\s+", "", text_of(p)), p)

    def find(label: str, title: str):
        title = re.sub(r"\s+", "", title)
        return next((p for text, p in captions.items()
                     if text.startswith(label) and text.endswith(title) and len(text) - len(title) < 12), None)
    tables = [(find(spec.label, spec.title), {"name": name, "header_rows": spec.header_rows,
                                              "caption": caption, "rows": printed.get(name)})
              for name, spec in data.tables.items()]
    charts = [(find(FIGURE_LABEL, spec.title), {"name": name}) for name, spec in data.figures.items()
              if spec.chart is not None]
    return {"tables": [item for item in tables if item[0] is not None],
            "charts": [item for item in charts if item[0] is not None]}


def compare_tables(result: Comparison, tables: dict, placed: list) -> None:
    draft = result.draft
    for caption, entry in placed:
        spec = tables.get(entry["name"])
        rows = draft.table_rows(caption, entry)
        source = f"表格“{entry['name']}”"
        if rows is None:
            result.add(TABLE_GONE, "", None, entry["name"], source)
            continue
        if spec is None:  # no longer in the workbook's table list: check has said so
            continue
        written = spec.grid.shown_rows()
        expected = [{column: _flat(text) for column, text in row.items()} for row in written]
        found, texts = _draft_rows(rows)
        headers = expected[spec.header_rows - 1] if spec.header_rows else {}
        place = f"{draft.chapter(rows[0])} {text_of(caption).strip()}".strip()
        built = _built_rows(entry.get("rows"), expected)
        for i, j in _aligned_rows(texts, expected, result, source, place, rows):
            for column, tc in found[i].items():
                result.cells += 1
                now, shown, printed = expected[j].get(column), texts[i][column], built[j]
                was = printed.get(str(column)) if printed is not None else None
                was = _flat(was) if was is not None else None
                if now is None or shown == now:
                    if printed is not None and now is not None:
                        printed[str(column)] = now  # in step, however it got there: the record follows
                    continue
                where = f"{place} 第 {j + 1} 行{_label(expected[j])}第 {column + 1} 列{_label(headers, column)}"

                def apply(reviser, tc=tc, now=written[j].get(column), printed=printed, column=column):
                    held = oxml_table.cell_paragraphs(tc)
                    runs = [run for p in held for run in visible_runs(p)]
                    reviser.replace(runs, now, parent=held[0] if held else None)
                    if printed is not None:
                        printed[str(column)] = now  # the record follows the draft
                result.reconcile(CELL, where, shown, now, was, source, tc, apply)


def _built_rows(recorded: list | None, expected: list[dict]) -> list[dict | None]:
    """For each of the sheet's rows now, the record's row as the build printed it (columns as strings),
    when it is certain which: the one row with the same first cell, or the row in the same place when no
    row was added or removed."""
    if not recorded:
        return [None] * len(expected)
    by_label: dict[str, list[dict]] = {}
    for row in recorded:
        by_label.setdefault(row.get("0", ""), []).append(row)
    same_shape = len(recorded) == len(expected)
    return [by_label[row.get(0, "")][0] if len(by_label.get(row.get(0, ""), [])) == 1
            else recorded[j] if same_shape else None for j, row in enumerate(expected)]


def _flat(text: str) -> str:
    """A cell's text without its line breaks: where a line breaks is layout (the build breaks a header
    before its unit, an editor may break a line), not data."""
    return text.replace("\n", "")


def _draft_rows(rows: list) -> tuple[list[dict], list[dict]]:
    """Each draft row's own cells by grid column, and what each column shows: a cell continuing a vertical
    merge shows the text of the cell the merge began in, as `TableGrid.shown_rows` has it."""
    found: list[dict] = []
    texts: list[dict] = []
    above: dict[int, str] = {}
    for tr in rows:
        own, shown = {}, {}
        for column, tc, continues in row_cells(tr):
            if continues:
                shown[column] = above.get(column, "")
            else:
                own[column] = tc
                shown[column] = above[column] = _flat(cell_text(tc))
        found.append(own)
        texts.append(shown)
    return found, texts


def _aligned_rows(texts: list[dict], expected: list[dict], result: Comparison, source: str, place: str,
                  rows: list) -> list[tuple[int, int]]:
    """Pairs (draft row, sheet row) to compare cell by cell.  Rows that read the same are aligned first;
    between them, a draft row pairs with the sheet row it most resembles (at least half its cells alike),
    and the rest are rows the editors inserted, or rows the draft lacks (both listed)."""
    pairs: list[tuple[int, int]] = []
    matcher = SequenceMatcher(None, [tuple(sorted(t.items())) for t in texts],
                              [tuple(sorted(e.items())) for e in expected], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(range(i1, i2), range(j1, j2))
            continue
        free, paired_to = list(range(j1, j2)), {}
        for i in range(i1, i2):
            best = max(free, key=lambda j: _alike(texts[i], expected[j]), default=None)
            if best is not None and 2 * _alike(texts[i], expected[best]) >= len(expected[best]):
                paired_to[i] = best
                free = [j for j in free if j > best]  # rows keep their order
        pairs += paired_to.items()
        for i in range(i1, i2):
            if i not in paired_to:
                result.add(EXTRA_ROW, f"{place} 草稿第 {i + 1} 行", _row(texts[i]), "", source, element=rows[i])
        for j in range(j1, j2):
            if j not in paired_to.values():
                result.add(MISSING_ROW, f"{place} 第 {j + 1} 行", None, _row(expected[j]), source,
                           element=rows[min(i2, len(rows) - 1)])
    return pairs


def _alike(shown: dict, expected: dict) -> int:
    return sum(shown.get(column) == text for column, text in expected.items())


def _label(row: dict[int, str], column: int = 0) -> str:
    text = row.get(column, "").replace("\n", "")
    return f"（{text[:12]}）" if text else ""


def _row(texts: dict[int, str]) -> str:
    return " | ".join(texts[c].replace("\n", " ") for c in sorted(texts))


def compare_charts(result: Comparison, figures: dict, placed: list) -> None:
    """The data each chart from the workbook caches (what Word draws) against its sheet's."""
    draft = result.draft
    for caption, entry in placed:
        spec = figures.get(entry["name"])
        part = draft.chart_part(caption)
        if spec is None or spec.chart is None or part is None:  # gone from the workbook, or from the draft
            continue
        shown = _points(*chart_data(part.blob))
        categories = [str(category) for category in spec.chart.categories]
        series = [(str(name), list(values)) for name, values in spec.chart.series]
        now = _points(categories, series)
        changed = [key for key in dict.fromkeys([*shown, *now]) if shown.get(key, "") != now.get(key, "")]
        result.cells += len(now)
        if not changed:
            continue

        def apply(_reviser, part=part, categories=categories, series=series, formats=spec.chart.formats):
            set_chart_data(part, categories, series, formats)
        more = f"等 {len(changed)} 处" if len(changed) > LISTED_POINTS else ""
        listed = [changed[:LISTED_POINTS]] * 2
        if not shown.keys() & now.keys():  # another chart's data (LibreOffice pasting a chart may write it)
            listed, more = [list(shown)[:LISTED_POINTS], list(now)[:LISTED_POINTS]], ""
        result.add(CHART, draft.where(caption),
                   "；".join(f"{key} {_number(shown.get(key))}" for key in listed[0]) + more,
                   "；".join(f"{key} {_number(now.get(key))}" for key in listed[1]) + more,
                   f"插图“{entry['name']}”", element=caption, apply=apply)


def _points(categories: list[str], series: list[tuple[str, list]]) -> dict[str, float | None]:
    """Each point of a chart, "series·category" (or "category" when there is one series) -> its value."""
    return {f"{name}·{category}" if len(series) > 1 else category: None if value is None else float(value)
            for name, values in series for category, value in zip(categories, values)}


def _number(value: float | None) -> str:
    if value is None:
        return "（无）"
    return f"{value:.0f}" if value.is_integer() else repr(value)
