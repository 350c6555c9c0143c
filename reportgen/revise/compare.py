"""`reportgen compare`: where a draft the editors revised no longer matches the workbook.

The project is checked and its templates rendered again with the current workbook, writing nothing
(`check_project(read_only=True)`).  Then the draft's values (`values`), tables and charts (`blocks`) and
caption numbers and cross-references (`numbering`) are compared with what the workbook gives now.  Each
difference carries how `update` puts it right, so that both see the same differences.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.check import CACHE_FOLDER, check_project
from reportgen.draft import record as draft_record
from reportgen.draft.captions import Scheme
from reportgen.output import lock_files
from reportgen.problems import WARNING, Problem, ProjectError
from reportgen.project.config import Project
from reportgen.revise.blocks import blocks_by_title, compare_charts, compare_tables, recorded_blocks
from reportgen.revise.difference import Comparison
from reportgen.revise.draft import Draft
from reportgen.revise.numbering import compare_numbering
from reportgen.revise.values import compare_aligned, compare_marked

NO_MARKS = "草稿中没有数值标记（被其他程序另存时去掉了书签）"


def compare(project: Project, path: Path) -> Comparison:
    """Compare the draft at `path` with the project's workbook; raise `ProjectError` when it cannot be done."""
    _check_path(project, path)
    draft = Draft(path)
    record, why = read_record(project, draft)
    checked = check_project(project, read_only=True)
    checked.problems.raise_if_errors()
    marks = draft.marks()
    if record is not None and (marks or not record["values"]):
        result = Comparison(draft, record, read_record=draft_record.canonical(record))
        compare_marked(result, checked, marks)
        blocks = recorded_blocks(draft, record)
    else:  # the values found by the text around them; what the record says of them, where it is here
        result = Comparison(draft, record or {}, aligned=why or NO_MARKS)
        compare_aligned(result, checked)
        blocks = blocks_by_title(draft, checked.data, project.profile.table_caption, record)
    compare_tables(result, checked.data.tables, blocks["tables"])
    compare_charts(result, checked.data.figures, blocks["charts"])
    compare_numbering(result, Scheme.of(project.profile, len(checked.attachments)), result.record.get("first_numbers") or {},
                      result.record.get("chapters_before") or 0)
    result.warnings = checked.problems.warnings
    locks = lock_files(path)
    if locks:
        result.warnings.append(Problem(str(path), "草稿正在 Word、WPS 或 LibreOffice 中打开（有锁定文件 "
                                       + "、".join(lock.name for lock in locks) + "），比对的是上次保存的内容",
                                       "先在 Word 中保存，再比对", level=WARNING))
    return result


def _check_path(project: Project, path: Path) -> None:
    """A draft must be there, and be a .docx that is not one of the project's own files."""
    if not path.is_file():
        raise ProjectError(Problem(str(path), "找不到这份草稿",
                                   "先运行 reportgen build 生成草稿；要比对其他草稿时用 --draft 写出它的路径"))
    if path.resolve() == project.workbook.resolve():
        raise ProjectError(Problem(str(path), "这是项目的数据工作簿，不是草稿", "用 --draft 指定 reportgen build 生成的草稿（.docx）"))
    if path.resolve() in {p.resolve() for p in (project.master, *(s.template for s in project.sections))}:
        raise ProjectError(Problem(str(path), "这是报告项目的模板文件，不是草稿（比对或更新会改坏模板）",
                                   "用 --draft 指定 reportgen build 生成的草稿，如 output/报告.docx"))
    if path.suffix.lower() != ".docx":
        raise ProjectError(Problem(str(path), "草稿应是 Word 文档（.docx）", "用 --draft 指定 reportgen build 生成的草稿"))


def read_record(project: Project, draft: Draft) -> tuple[dict | None, str]:
    """The record of the values `build` put in the draft (`draft_record`): inside it, or for a draft built
    before the record travelled, beside it in the cache folder; or None and why not.  A draft of another
    report is refused."""
    record, why = draft_record.embedded(draft.document)
    if record is None and why == draft_record.NO_RECORD:
        cached, reason = draft_record.from_cache(draft_record.cache_path(project.output_dir / CACHE_FOLDER, draft.path))
        record, why = (cached, "") if cached is not None else (None, why if reason == draft_record.NO_RECORD else reason)
    report = (record or {}).get("report") or {}
    if report and (report.get("title"), report.get("year")) != (project.title, project.year):
        raise ProjectError(Problem(str(draft.path), f"这份草稿是另一份报告的（《{report.get('title')}》，"
                                   f"{report.get('year')} 年），不是本项目的《{project.title}》（{project.year} 年）",
                                   "用 --draft 指定本项目生成的草稿；若本项目的 title 或 year 在生成草稿后改过，把 reportgen.toml 中的它们暂时改回再比对"))
    return record, why
