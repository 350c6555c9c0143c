"""`reportgen compare`: where a draft the editors revised no longer matches the workbook.

The project is checked and its templates rendered again with the current workbook, writing nothing
(`check_project(read_only=True)`).  Then, in the draft:

* each value a `{{ … }}` tag printed sits in a hidden bookmark (`provenance`); the record beside the
  draft says which tag printed it, from which template paragraph, the how-manieth time (a loop prints
  it once a row).  The same tag, place and repetition in the new render gives the value it should hold.
  A bookmark the draft no longer has is a value the editors deleted.
* each table from the workbook stands by its caption's bookmark; its cells are compared with the
  sheet's, row by row, the rows aligned so that rows the editors inserted or deleted are told apart.
* caption numbers are counted again in document order (`captions.planned_numbers`); a cross-reference
  must show its caption's number, and its caption must still be there.

Each difference carries how `update` puts it right, so that both see the same differences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reportgen import provenance
from reportgen.captions import Scheme, planned_numbers
from reportgen.check import CACHE_FOLDER, check_project
from reportgen.model import FIGURE_LABEL
from reportgen.oxml.chart import chart_data, chart_workbook, with_data
from reportgen.oxml.fields import iter_fields
from reportgen.oxml.revisions import Reviser, visible_runs
from reportgen.oxml.text import paragraphs_containing, text_of
from reportgen.problems import Problem, ProjectError
from reportgen.project import Project
from reportgen.revise.aligned import find_values
from reportgen.revise.draft import NUMBER_CHARS, Draft, cell_text, cells

# Kinds of difference, as `reportgen compare` names them.
VALUE, DELETED, CELL, EXTRA_ROW, MISSING_ROW, TABLE_GONE, CHART, CAPTION, REFERENCE, BROKEN = (
    "数值不一致", "数值已删除", "表格不一致", "表格多出的行", "表格缺少的行", "表格已删除", "图表数据", "题注编号",
    "交叉引用", "引用失效")
UNTRACKED = {CHART}  # changes Word cannot show as revisions: update writes them plainly
# What Word and LibreOffice show in a cross-reference whose bookmark is gone, once fields are updated.
BROKEN_TEXTS = ("错误！未找到引用源", "Error! Reference source not found", "Error: Reference source not found",
                "错误：找不到引用源")


@dataclass
class Difference:
    kind: str
    where: str  # the chapter and the paragraph, or the table and cell, in the draft
    draft: str | None  # what the draft shows (None: nothing, it was deleted)
    current: str  # what the workbook gives now
    source: str = ""  # what printed it: the tag and its template paragraph, or the sheet
    recorded: str | None = None  # what the build printed, when recorded
    element: object = field(default=None, repr=False)  # where it is in the draft, for its page
    apply: Callable[[Reviser], None] | None = field(default=None, repr=False)  # how `update` puts it right

    @property
    def by_editors(self) -> bool:
        """Whether the editors changed it (the build printed something else than the draft shows)."""
        return self.recorded is not None and self.draft != self.recorded


@dataclass
class Comparison:
    draft: Draft
    record: dict
    values: int = 0  # values recorded
    cells: int = 0  # table cells and chart points compared
    unmatched: int = 0  # values the templates no longer print (a template changed, a loop shortened), or not found
    aligned: bool = False  # the values were found by the text around them: the marks or the record are lost
    differences: list[Difference] = field(default_factory=list)
    renumbered: list = field(default_factory=list)  # caption fields whose reset switches need setting again


def compare(project: Project, path: Path) -> Comparison:
    """Compare the draft at `path` with the project's workbook; raise `ProjectError` when it cannot be done."""
    record = read_record(project, path)
    draft = Draft(path)
    checked = check_project(project, read_only=True)
    checked.problems.raise_if_errors()
    marks = draft.marks()
    if record is not None and (marks or not record["values"]):
        result = Comparison(draft, record)
        _compare_values(result, checked.values.by_key(), marks)
        blocks = _recorded_blocks(draft, record)
    else:  # marks or record lost: the values found by the text around them
        result = Comparison(draft, record or {}, aligned=True)
        _compare_aligned_values(result, checked)
        blocks = _blocks_by_title(draft, checked.data, project.profile.table_caption)
    _compare_tables(result, checked.data.tables, blocks["tables"])
    _compare_charts(result, checked.data.figures, blocks["charts"])
    _compare_captions(result, Scheme.of(project.profile), result.record.get("first_numbers") or {},
                      result.record.get("chapters_before") or 0)
    return result


def read_record(project: Project, draft: Path) -> dict | None:
    """The record of the values `build` put in `draft` (`provenance.save_record`); None when there is none."""
    if not draft.is_file():
        raise ProjectError(Problem(str(draft), "找不到这份草稿", "检查路径；或用 --draft 指定要比对的草稿"))
    path = provenance.record_path(project.output_dir / CACHE_FOLDER, draft)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        record = None
    if not isinstance(record, dict) or record.get("version") != provenance.RECORD_VERSION:
        raise ProjectError(Problem(str(path), "草稿的数值记录已损坏，或由较早版本的 reportgen 写下，无法比对",
                                   "用 reportgen build 重新生成草稿"))
    return record


def _compare_values(result: Comparison, current: dict, marks: dict) -> None:
    draft, recorded = result.draft, result.record["values"]
    result.values = len(recorded)
    for name, entry in recorded.items():
        now = current.get(provenance.key(entry))
        if now is None:
            result.unmatched += 1
            continue
        source = f"{entry['tag']}，{entry['place']}"
        mark = marks.get(name)
        if mark is not None and mark.text not in (entry["text"], now) and (_numeric(entry["text"]) or _numeric(now)):
            mark.widen()  # digits typed just outside the bookmark
        if mark is None:
            result.differences.append(Difference(DELETED, "", None, now, source, entry["text"]))
        elif mark.text != now:
            def apply(reviser, mark=mark, now=now, name=name):
                reviser.replace(mark.runs, now, at=mark.end, parent=mark.start.getparent())
                recorded[name]["text"] = now  # the record follows the draft
            result.differences.append(Difference(VALUE, draft.where(mark.start), mark.text, now, source,
                                                 entry["text"], mark.start, apply))


def _compare_aligned_values(result: Comparison, checked) -> None:
    """The values found by aligning the draft's text with the templates rendered again (`aligned`)."""
    draft = result.draft
    found, result.unmatched = find_values([checked.master, *checked.sections], checked.values.records,
                                          list(draft.body.iter(qn("w:p"))))
    result.values = len(found) + result.unmatched
    if result.values and not found:
        raise ProjectError(Problem(str(draft.path), "草稿中找不到本项目的任何数值：它不是本项目生成的草稿，或已面目全非",
                                   "用 --draft 指定本项目的草稿；或用 reportgen build 重新生成"))
    for value in found:
        now = value.record["text"]
        if value.text == now:
            continue

        def apply(reviser, value=value, now=now):
            runs = value.runs()
            if runs is not None:
                reviser.replace(runs, now, parent=value.paragraph)
        source = f"{value.record['tag']}，{value.record['place']}"
        result.differences.append(Difference(VALUE, draft.where(value.paragraph), value.text, now, source,
                                             element=value.paragraph, apply=apply))


def _recorded_blocks(draft: Draft, record: dict) -> dict:
    """The recorded tables and charts, each with the caption its bookmark stands in."""
    return {kind: [(draft.caption_of(bookmark), entry) for bookmark, entry in record.get(kind, {}).items()]
            for kind in ("tables", "charts")}


def _blocks_by_title(draft: Draft, data, caption: str) -> dict:
    """The workbook's tables and charts found by their captions' text ("表 1 全市中等职业学校情况表"),
    when the record is lost."""
    captions = {}
    for p in draft.body.iter(qn("w:p")):
        text = re.sub(r"\s+", "", text_of(p))
        captions.setdefault(text, p)

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


def _numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch in NUMBER_CHARS for ch in text)


def _compare_tables(result: Comparison, tables: dict, placed: list) -> None:
    draft = result.draft
    for caption, entry in placed:
        spec = tables.get(entry["name"])
        rows = draft.table_rows(caption, entry)
        title = text_of(caption).strip() if caption is not None else ""
        source = f"表格“{entry['name']}”"
        if rows is None:
            result.differences.append(Difference(TABLE_GONE, "", None, entry["name"], source))
            continue
        if spec is None:  # no longer in the workbook's table list: check has said so
            continue
        expected = shown_rows(spec)
        found = [{column: tc for column, tc in cells(tr)} for tr in rows]
        texts = [{column: cell_text(tc) for column, tc in row.items()} for row in found]
        headers = expected[spec.header_rows - 1] if spec.header_rows else {}
        place = f"{draft.chapter(rows[0])} {title}".strip()
        matcher = SequenceMatcher(None, [tuple(sorted(t.items())) for t in texts],
                                  [tuple(sorted(e.items())) for e in expected], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                result.cells += sum(len(row) for row in texts[i1:i2])
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for i, j in zip(range(i1, i1 + paired), range(j1, j1 + paired)):
                for column, tc in found[i].items():
                    result.cells += 1
                    now = expected[j].get(column)
                    if now is None or texts[i][column] == now:
                        continue
                    where = f"{place} 第 {j + 1} 行{_label(expected[j])}第 {column + 1} 列{_label(headers, column)}"

                    def apply(reviser, tc=tc, now=now):
                        runs = [run for p in tc.findall(qn("w:p")) for run in visible_runs(p)]
                        reviser.replace(runs, now, parent=tc.find(qn("w:p")))
                    result.differences.append(Difference(CELL, where, texts[i][column], now, source,
                                                         element=tc, apply=apply))
            for i in range(i1 + paired, i2):
                result.differences.append(Difference(EXTRA_ROW, f"{place} 草稿第 {i + 1} 行", _row(texts[i]), "",
                                                     source, element=rows[i]))
            for j in range(j1 + paired, j2):
                result.differences.append(Difference(MISSING_ROW, f"{place} 第 {j + 1} 行", None, _row(expected[j]),
                                                     source, element=rows[min(i2, len(rows) - 1)]))


def shown_rows(spec) -> list[dict[int, str]]:
    """What each row of the table of `spec` shows, by the grid column each cell starts at: a cell merged
    down shows its text on every row it covers (a page break may start it again there)."""
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


def _compare_charts(result: Comparison, figures: dict, placed: list) -> None:
    """The data each chart from the workbook caches (what Word draws) against its sheet's."""
    draft = result.draft
    for caption, entry in placed:
        spec = figures.get(entry["name"])
        part = draft.chart_part(caption)
        if spec is None or spec.chart is None or part is None:  # gone from the workbook, or from the draft
            continue
        categories, series = chart_data(part.blob)
        want_categories = [str(category) for category in spec.chart.categories]
        want_series = [(str(name), list(values)) for name, values in spec.chart.series]
        shown, now = _chart_points(categories, series), _chart_points(want_categories, want_series)
        changed = [key for key in dict.fromkeys([*shown, *now]) if shown.get(key) != now.get(key)]
        result.cells += len(now)
        if not changed:
            continue

        def apply(_reviser, part=part, categories=want_categories, series=want_series):
            part._blob = with_data(part.blob, categories, series)  # python-docx keeps a chart part as bytes
            for rel in part.rels.values():
                if rel.reltype == RT.PACKAGE:
                    rel.target_part._blob = chart_workbook(categories, series)
        listed = changed[:5]
        more = f"等 {len(changed)} 处" if len(changed) > len(listed) else ""
        result.differences.append(Difference(
            CHART, draft.where(caption),
            "；".join(f"{key} {shown.get(key, '（无）')}" for key in listed) + more,
            "；".join(f"{key} {now.get(key, '（无）')}" for key in listed) + more,
            f"插图“{entry['name']}”", element=caption, apply=apply))


def _chart_points(categories: list[str], series: list[tuple[str, list]]) -> dict[str, str]:
    """Each point of a chart as "series·category" -> its value as printed (several series) or
    "category" -> value (one)."""
    points = {}
    for name, values in series:
        for category, value in zip(categories, values):
            key = f"{name}·{category}" if len(series) > 1 else category
            points[key] = "" if value is None else (f"{value:.0f}" if float(value).is_integer() else f"{value:g}")
    return points


def _compare_captions(result: Comparison, scheme: Scheme, first_numbers: dict[str, int],
                      chapters_before: int) -> None:
    """Caption numbers in sequence (and, numbered by chapter, with their chapter's number), and
    cross-references that show them and still find them."""
    draft = result.draft
    planned = planned_numbers(draft.document, scheme, first_numbers, anew=True)
    number_of = {}  # a caption field's result run -> its plan; a label's run -> the label it should show
    for plan in planned:
        runs = [run for element in plan.field.result_runs for run in visible_runs(element)]
        for run in runs:
            number_of[run] = plan
        if plan.instruction is not None:
            result.renumbered.append(plan)
        label = scheme.label_text(plan.label) + scheme.prefix(plan.label, plan.chapter + chapters_before)
        before = _prefix_runs(plan, scheme)
        shown_label = "".join(text_of(run) for run in before) if before else label
        for index, run in enumerate(before):
            number_of[run] = label if index == 0 else ""  # what the caption's bookmark will show
        shown, now = "".join(text_of(run) for run in runs), str(plan.number)
        if (shown != now or shown_label != label) and runs:
            def apply(reviser, runs=runs, now=now, before=before, relabel=shown_label != label, label=label):
                if relabel:  # moved to another chapter: "图 2-" becomes "图 3-"
                    reviser.replace(before, label, number=True)
                if "".join(text_of(run) for run in runs) != now:
                    reviser.replace(runs, now, number=True)
            result.differences.append(Difference(CAPTION, draft.where(runs[0]), shown_label + shown, label + now,
                                                 element=runs[0], apply=apply))
    reported = set()
    for found in iter_fields(draft.body):
        if found.kind != "REF" or not found.result_runs:
            continue
        runs = [run for element in found.result_runs for run in visible_runs(element)]
        shown = "".join(text_of(run) for run in runs)
        target = draft.bookmarks.get(found.argument)
        paragraph = found.result_runs[0].getparent()
        if target is None:
            reported.add(paragraph)
            result.differences.append(Difference(BROKEN, draft.where(paragraph), shown, "", element=paragraph))
            continue
        now = _expected_text(target, number_of)
        if shown != now and runs:
            def apply(reviser, runs=runs, now=now):
                reviser.replace(runs, now, number=True)
            result.differences.append(Difference(REFERENCE, draft.where(paragraph), shown, now,
                                                 element=paragraph, apply=apply))
    for text in BROKEN_TEXTS:
        for paragraph in paragraphs_containing(draft.body, text):
            if paragraph not in reported:
                reported.add(paragraph)
                result.differences.append(Difference(BROKEN, draft.where(paragraph), text, "", element=paragraph))


def _prefix_runs(plan, scheme: Scheme) -> list:
    """The runs printing a caption's label and chapter number before its SEQ field ("图 2-"), when numbered
    by chapter and they read so; else none."""
    if not scheme.per_chapter(plan.label) or not plan.field.instr_elements:
        return []
    begin = plan.field.instr_elements[0].getparent().getprevious()  # the run holding fldChar begin
    runs = []
    node = begin.getprevious() if begin is not None else None
    while node is not None and node.tag in (qn("w:r"), qn("w:bookmarkStart"), qn("w:ins"), qn("w:del")):
        runs[:0] = visible_runs(node)
        node = node.getprevious()
    text = "".join(text_of(run) for run in runs)
    pattern = re.escape(scheme.label_text(plan.label)) + r"\d+" + re.escape(scheme.separator)
    return runs if re.fullmatch(pattern, text) else []


def _expected_text(start, number_of: dict) -> str:
    """What a caption's bookmark will show once its label and number are right."""
    out, node, seen = [], start.getnext(), set()
    while node is not None and not (node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == start.get(qn("w:id"))):
        for run in visible_runs(node):
            plan = number_of.get(run)
            if plan is None:
                out.append(text_of(run))
            elif isinstance(plan, str):  # a chapter's label, relabelled
                out.append(plan)
            elif id(plan) not in seen:
                seen.add(id(plan))
                out.append(str(plan.number))
        node = node.getnext()
    return "".join(out)
