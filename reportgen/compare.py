"""`reportgen compare`: which values in a draft the editors have revised no longer match the workbook.

Each value a `{{ … }}` tag printed sits in a hidden bookmark (`provenance`), and the record beside the
draft says which tag printed it.  Every recorded tag is evaluated again with the current workbook
and compared with what the draft's bookmark holds now.  A bookmark the draft no longer has is a value
the editors deleted.  Nothing is written.

Not compared yet: table cells, chart data, caption and reference numbers, and values printed inside
a loop (`{%p for %}`), which need the loop to be evaluated again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from reportgen import images, provenance
from reportgen.check import CACHE_FOLDER, report_meta
from reportgen.oxml.text import text_of
from reportgen.problems import Problem, Problems, ProjectError
from reportgen.project import Project
from reportgen.render import Blocks, make_environment, template_context
from reportgen.workbook import read_workbook


@dataclass
class Difference:
    kind: str  # "changed": the draft differs from the workbook; "deleted": the value is gone
    tag: str  # the tag that printed it: {{ 学校总数 }}
    place: str  # the template paragraph the tag stands in
    draft: str | None  # what the draft shows now (None: deleted)
    recorded: str  # what the build printed
    current: str  # what the workbook gives now
    paragraph: str = ""  # the draft's paragraph around it


@dataclass
class Comparison:
    values: int = 0  # values recorded
    skipped: int = 0  # values that cannot be evaluated alone (inside loops)
    differences: list[Difference] = field(default_factory=list)


def compare(project: Project, draft: Path) -> Comparison:
    """Compare `draft` with the project's workbook; raise `ProjectError` when it cannot be done."""
    record = _record(project, draft)
    marks = _marks(draft)
    if record and not marks:
        raise ProjectError(Problem(str(draft), "草稿中没有任何数值标记：它由较早版本的 reportgen 生成，或被其他程序另存时去掉了书签",
                                   "用 reportgen build 重新生成草稿后再比对"))
    data, _ = read_workbook(project.workbook, project.root, _no_photo)  # its problems are check's to report:
    env = make_environment(project.profile)  # no code cache: compare writes nothing
    context = template_context(report_meta(project), data, Blocks(data, Problems()), env.values)
    result = Comparison(values=len(record))
    for name, entry in record.items():
        try:
            current = provenance.strip(env.from_string(entry["tag"]).render(context))
        except Exception:  # a loop variable (行.学生), or a name the workbook no longer has (or has wrong)
            result.skipped += 1
            continue
        shown, paragraph = marks.get(name, (None, ""))
        if shown is None:
            result.differences.append(Difference("deleted", entry["tag"], entry["place"], None, entry["text"], current))
        elif shown != current:
            result.differences.append(Difference("changed", entry["tag"], entry["place"], shown, entry["text"],
                                                 current, paragraph))
    return result


def _record(project: Project, draft: Path) -> dict:
    if not draft.is_file():
        raise ProjectError(Problem(str(draft), "找不到这份草稿", "检查路径；或用 --draft 指定要比对的草稿"))
    path = provenance.record_path(project.output_dir / CACHE_FOLDER, draft)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProjectError(Problem(str(draft), "没有这份草稿的数值记录（它不是本项目的 reportgen 生成的，或记录已被删除）",
                                   "用 reportgen build 重新生成草稿后再比对")) from None
    except (OSError, ValueError):
        raise ProjectError(Problem(str(path), "草稿的数值记录已损坏，无法比对", "用 reportgen build 重新生成草稿")) from None


def _marks(draft: Path) -> dict[str, tuple[str, str]]:
    """Each value bookmark of the draft's body: the text it holds and its paragraph's text."""
    try:
        body = docx.Document(draft).element.body
    except Exception:  # whatever python-docx makes of a file that is not a Word document
        raise ProjectError(Problem(str(draft), "无法打开草稿：它不是有效的 Word 文档（.docx）",
                                   "在 Word 或 WPS 中打开后另存为“Word 文档（*.docx）”")) from None
    found = {}
    for start in body.iter(qn("w:bookmarkStart")):
        name = start.get(qn("w:name"), "")
        if not name.startswith(provenance.PREFIX):
            continue
        texts, node = [], start.getnext()
        while node is not None and not (node.tag == qn("w:bookmarkEnd") and node.get(qn("w:id")) == start.get(qn("w:id"))):
            texts.append(text_of(node))
            node = node.getnext()
        paragraph = start.getparent()
        found[name] = ("".join(texts), text_of(paragraph) if paragraph.tag == qn("w:p") else "")
    return found


def _no_photo(path: Path) -> images.ImageInfo:
    """compare reads numbers, not pictures: a photo is taken as it is, unread."""
    return images.ImageInfo(1, 1, "JPEG")
