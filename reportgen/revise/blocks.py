"""The tables and charts from the workbook, as the draft shows them and as their sheets give them now.

A table is found by its caption (its bookmark as recorded, or its title when the record is lost); its
rows are aligned with the sheet's so that a row the editors inserted or deleted is told from a row
whose cells changed.  A chart's cached points (what Word draws) are compared with its sheet's.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from docx.oxml.ns import qn

from reportgen.model import FIGURE_LABEL
from reportgen.oxml.chart import chart_data, set_chart_data
from reportgen.oxml.revisions import visible_runs
from reportgen.oxml.table import cell_text, row_cells
from reportgen.oxml.text import text_of
from reportgen.revise.difference import CELL, CHART, EXTRA_ROW, MISSING_ROW, TABLE_GONE, Comparison

LISTED_POINTS = 5  # a chart's changed points listed in one line; more are counted


def recorded_blocks(draft, record: dict) -> dict:
    """The recorded tables and charts, each with the caption its bookmark stands in."""
    return {kind: [(draft.caption_of(bookmark), entry) for bookmark, entry in record.get(kind, {}).items()]
            for kind in ("tables", "charts")}


def blocks_by_title(draft, data, caption: str) -> dict:
    """The workbook's tables and charts found by their captions' text ("表 1 全市中等职业学校情况表"),
    when the record is lost."""
    captions = {}
    for p in draft.paragraphs():
        captions.setdefault(re.sub(r"\s+", "", text_of(p)), p)

    def find(label: str, title: str):
        title = re.sub(r"\s+", "", title)
        return next((p for text, p in captions.items()
                     if text.startswith(label) and text.endswith(title) and len(text) - len(title) < 12), None)
    tables = [(find(spec.label, spec.title), {"name": name, "label": spec.label, "header_rows": spec.header_rows,
                                              "caption": caption}) for name, spec in data.tables.items()]
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
        expected = shown_rows(spec)
        found, texts = _draft_rows(rows)
        headers = expected[spec.header_rows - 1] if spec.header_rows else {}
        place = f"{draft.chapter(rows[0])} {text_of(caption).strip()}".strip()
        for i, j in _aligned_rows(texts, expected, result, source, place, rows):
            for column, tc in found[i].items():
                result.cells += 1
                now = expected[j].get(column)
                if now is None or texts[i][column] == now:
                    continue

                def apply(reviser, tc=tc, now=now):
                    runs = [run for p in tc.findall(qn("w:p")) for run in visible_runs(p)]
                    reviser.replace(runs, now, parent=tc.find(qn("w:p")))
                where = f"{place} 第 {j + 1} 行{_label(expected[j])}第 {column + 1} 列{_label(headers, column)}"
                result.add(CELL, where, texts[i][column], now, source, element=tc, apply=apply)


def _draft_rows(rows: list) -> tuple[list[dict], list[dict]]:
    """Each draft row's own cells by grid column, and what each column shows: a cell continuing a vertical
    merge shows the text of the cell the merge began in, as `shown_rows` has it."""
    found, texts, above = [], [], {}
    for tr in rows:
        own, shown = {}, {}
        for column, tc, continues in row_cells(tr):
            if continues:
                shown[column] = above.get(column, "")
            else:
                own[column] = tc
                shown[column] = above[column] = cell_text(tc)
        found.append(own)
        texts.append(shown)
    return found, texts


def _aligned_rows(texts: list[dict], expected: list[dict], result: Comparison, source: str, place: str,
                  rows: list) -> list[tuple[int, int]]:
    """Pairs (draft row, sheet row) to compare cell by cell.  Rows that read the same are aligned first;
    between them, a draft row pairs with the sheet row it most resembles (at least half its cells alike),
    and the rest are rows the editors inserted, or rows the draft lacks (both listed)."""
    pairs = []
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


def shown_rows(spec) -> list[dict[int, str]]:
    """What each row of the table of `spec` shows, by the grid column each cell starts at: a cell merged
    down shows its text on every row it covers."""
    origin = {(r, c): (r0, c0) for r0, c0, r1, c1 in spec.grid.merges
              for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    rows, cols = spec.grid.size
    shown = []
    for r in range(rows):
        row = {}
        for c in range(cols):
            r0, c0 = origin.get((r, c), (r, c))
            if c0 == c:  # not inside a cell merged across
                row[c] = spec.grid.cells[r0][c0] or ""
        shown.append(row)
    return shown


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

        def apply(_reviser, part=part, categories=categories, series=series):
            set_chart_data(part, categories, series)
        listed, more = changed[:LISTED_POINTS], f"等 {len(changed)} 处" if len(changed) > LISTED_POINTS else ""
        result.add(CHART, draft.where(caption),
                   "；".join(f"{key} {_number(shown.get(key))}" for key in listed) + more,
                   "；".join(f"{key} {_number(now.get(key))}" for key in listed) + more,
                   f"插图“{entry['name']}”", element=caption, apply=apply)


def _points(categories: list[str], series: list[tuple[str, list]]) -> dict[str, float | None]:
    """Each point of a chart, "series·category" (or "category" when there is one series) -> its value."""
    return {f"{name}·{category}" if len(series) > 1 else category: None if value is None else float(value)
            for name, values in series for category, value in zip(categories, values)}


def _number(value: float | None) -> str:
    if value is None:
        return "（无）"
    return f"{value:.0f}" if value.is_integer() else repr(value)
