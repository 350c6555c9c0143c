"""`reportgen check`: everything that can be wrong with a project, found without writing a draft.

`check_project` reads the config's files, the workbook and every template and
renders the templates, collecting every problem.  `reportgen build` starts
from its result, so a build never writes anything when the check has errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.data.picture_cache import ImageCache
from reportgen.data.report_data import (
    FIGURE,
    FIGURE_LABEL,
    REFERENCE,
    TABLE,
    ReportData,
)
from reportgen.data.workbook import read_workbook
from reportgen.draft.captions import ATTACHMENT_LABEL, chapter_heading_id
from reportgen.draft.column_widths import check_widths
from reportgen.draft.figures import check_figures
from reportgen.draft.gongwen import title_problem
from reportgen.draft.page_setup import list_sections
from reportgen.draft.styles import APPENDIX_HEADING, style_id_or_none
from reportgen.output import lock_files, target_problems
from reportgen.oxml.paragraph import paragraphs, top_level_paragraphs
from reportgen.oxml.section import ends_section, governing_section, is_landscape
from reportgen.oxml.text import text_of
from reportgen.problems import WARNING, Problem, Problems
from reportgen.project.config import Project
from reportgen.render.jinja import (
    LISTS,
    MARKER,
    BlockRequest,
    Blocks,
    make_environment,
    render_template,
    template_context,
)
from reportgen.render.provenance import Values
from reportgen.render.template import check_template

CACHE_FOLDER = ".reportgen-cache"  # prepared pictures, inside the (git-ignored) output folder


@dataclass
class Checked:
    """A checked project: its data, rendered templates and all problems found."""

    data: ReportData
    problems: Problems
    cache: ImageCache
    master: object = None  # rendered python-docx Document
    sections: list = field(default_factory=list)  # rendered Documents, in config order
    requests: list[BlockRequest] = field(default_factory=list)
    references: list = field(default_factory=list)  # references.Reference, in template order
    first_request: list[int] = field(default_factory=list)  # index of each section's first block request
    chapters_before: list[int] = field(default_factory=list)  # chapters before each section's template
    chapter_of: dict[int, int] = field(default_factory=dict)  # block request id -> its chapter in the report
    values: Values | None = None  # what each {{ }} tag printed
    cover: bool = False  # the master's first section is a cover, unnumbered
    attachments: list[tuple[str, str]] = field(default_factory=list)  # a 公文's 附件: (title, marker)


def report_meta(project: Project) -> dict:
    """What templates see as `报告`: the config's [report] table."""
    return {"标题": project.title, "年度": project.year, "发布单位": project.organisation,
            "发布日期": project.date}


def _target_problems(project: Project, target: Path, force: bool) -> list[Problem]:
    """Why the draft cannot go to `target`: one of the project's own templates, or `output.target_problems`."""
    if target.resolve() in {path.resolve() for path in (project.master, *(s.template for s in project.sections))}:
        return [Problem(str(target), "这是报告项目的模板文件，草稿不能保存到这里（会覆盖模板）",
                        "用 -o 指定其他文件名，如 -o output/草稿.docx")]
    return target_problems(target, force=force)


def check_project(project: Project, *, strict: bool = False, on_data=None, target: Path | None = None,
                  force: bool = False, read_only: bool = False) -> Checked:
    """Check everything, the draft's `target` too (`output.target_problems`).  `on_data(data, cache)`
    runs once the workbook reads without errors, before the templates render (a build starts
    preparing photos there).  `read_only`: write nothing, not even to the caches (`compare`)."""
    cache = ImageCache(project.output_dir / CACHE_FOLDER)
    data, problems = read_workbook(project.workbook, project.root, cache.info)
    locks = lock_files(project.workbook)
    if locks:  # Excel reads and writes the file only when saving: what the build reads is the last save
        problems.warning(project.relative(project.workbook), "工作簿正在 Excel、WPS 或 LibreOffice 中打开（有锁定文件 "
                         + "、".join(lock.name for lock in locks) + "），读取的是上次保存的内容",
                         "先在 Excel 中保存；若已经关闭（如程序曾异常退出），删去上述锁定文件")
    if not read_only:
        cache.save()
    if on_data is not None and not problems.errors:
        on_data(data, cache)
    env = make_environment(project.profile, None if read_only else project.output_dir / CACHE_FOLDER / "templates")
    blocks = Blocks(data, problems, formatting=env.formatting)
    context = template_context(report_meta(project), data, blocks, env.values)
    names = set(context) | data.declared if data.names_known else None  # None: not checked
    paths = [project.master, *(s.template for s in project.sections)]
    templates = [check_template(p, project.relative(p), names, env, problems) for p in paths]
    checked = Checked(data, problems, cache, values=env.values)
    landscape_tables: set[str] = set()
    if not problems.errors:  # render only with good data and good templates
        ready = [t for t in templates if t is not None]  # each of them: a failed one recorded an error
        rendered = []
        for template in ready:
            blocks.template = template.label
            checked.first_request.append(len(blocks.requests))
            rendered.append(render_template(template, context, env, problems, blocks.requests))
        checked.master, checked.sections = rendered[0], rendered[1:]
        checked.cover = _has_cover(checked.master, ready[0].label, project.profile, problems)
        checked.first_request = checked.first_request[1:]
        checked.requests = blocks.requests
        checked.references = blocks.references
        if None not in rendered:
            places = _places(rendered, blocks.requests)
            chapters_before, checked.chapter_of, landscape_tables = places
            checked.chapters_before = chapters_before[1:]
            if project.gongwen is not None:  # before the references to them are checked
                checked.attachments = _attachments(data, blocks, checked.chapter_of, project.profile, problems)
            _check_chapter_starts(rendered[1:], ready[1:], problems)
            _check_references(blocks.references, blocks.requests, data, problems)
            _check_inserted_once(blocks.requests, problems)
            _check_list_sections(rendered, ready, blocks.requests, project.profile, problems)
    if project.gongwen is not None:
        _check_gongwen_title(project, problems)
    else:
        for spec in data.tables.values():
            if spec.label == ATTACHMENT_LABEL:
                problems.error(spec.where, f"表格“{spec.name}”的类型是“附件”，附件只用于公文（kind 为通知、报告或请示）",
                               "报告的附录表格在“类型”中填“附表”")
    check_widths(data, project.profile, problems, landscape_tables)
    check_figures(data, project.profile, problems)
    if target is not None:
        problems.items += _target_problems(project, target, force)
    if strict:
        problems.items = [p.as_error() if p.level == WARNING else p for p in problems.items]
    return checked


def _attachments(data: ReportData, blocks: Blocks, chapter_of: dict[int, int], profile, problems: Problems) -> list:
    """A 公文's 附件: the tables of 类型 附件, in the order of 表格清单, each asked for here, to go after
    the 署名 (`gongwen.add_gongwen_parts`); a template must not insert one itself."""
    names = [name for name, spec in data.tables.items() if spec.label == ATTACHMENT_LABEL]
    for request in list(blocks.requests):
        for name in set(request.names) & set(names) if request.kind == TABLE else ():
            problems.error(request.where or request.template, f"表格“{name}”是附件（“表格清单”中类型为“附件”），"
                           "reportgen 把它排在署名之后、单独起页，模板中不要再插入", f"删去 {request.shown}")
            names.remove(name)  # one error for it, not a second for inserting it twice
    blocks.template = "附件"
    attachments = []
    for name in names:
        found = title_problem(tuple(data.tables[name].title.split("\n")), profile, attachment=True)
        if found:
            problems.warning(data.tables[name].where, *found)
        marker = blocks.table(name)
        chapter_of[blocks.requests[-1].id] = 0  # numbered through the document, whatever the chapter
        attachments.append((data.tables[name].title, str(marker)))
    return attachments


def _check_gongwen_title(project: Project, problems: Problems) -> None:
    found = title_problem(project.title_lines, project.profile)
    if found:
        problems.warning("reportgen.toml [report].title", *found)


def _has_cover(master, label: str, profile, problems: Problems) -> bool:
    """Whether the master opens with a cover: the profile says so and the writer ended it with a section
    break (else the whole draft would be the cover's section, without a page number)."""
    if master is None or not profile.cover:
        return False
    if any(ends_section(element) for element in top_level_paragraphs(master.element.body)):
        return True
    problems.warning(label, "cover = true（总模板的第一节为封面），但总模板中没有分节符，封面与正文在同一节："
                     "草稿按没有封面处理，从第一页起编页码",
                     "有封面：在封面最后一段之后插入分节符（布局 → 分隔符 → 下一页）；没有封面：在 [profile] 中写 cover = false")
    return False


def _places(rendered: list, requests: list[BlockRequest]) -> tuple[list[int], dict[int, int], set[str]]:
    """Where the blocks stand in the whole report: the chapters before each template (a chapter starts
    at each Heading 1), each block request's chapter, and the tables a template's own landscape
    section holds."""
    chapter, before, chapter_of, landscape = 0, [], {}, set[str]()
    for document in rendered:
        before.append(chapter)
        heading = chapter_heading_id(document)
        for p in paragraphs(document.element.body):
            if heading is not None and p.style == heading:
                chapter += 1
            for found in MARKER.findall(text_of(p)):
                request = requests[int(found)]
                chapter_of[request.id] = chapter
                if request.kind == TABLE and is_landscape(governing_section(p)):
                    landscape.update(request.names)
    return before, chapter_of, landscape


def _check_chapter_starts(sections: list, templates: list, problems: Problems) -> None:
    """A section template without a 标题 1 (or 附录标题) paragraph is no chapter of its own: its text runs on
    under the chapter before, its headings numbered as that chapter's (a chapter title typed in 正文)."""
    for document, template in zip(sections, templates):
        starts = {chapter_heading_id(document), style_id_or_none(document, APPENDIX_HEADING)} - {None}
        if not any(p.style in starts for p in top_level_paragraphs(document.element.body)):
            problems.warning(template.label, "模板中没有“标题 1”样式的段落：这一章会接在上一章之后，不单独成章，"
                             "其中的标题按上一章编号", "把章标题设为 Word 的“标题 1”样式（附录的标题用“附录标题”样式）")


def _check_inserted_once(requests: list[BlockRequest], problems: Problems) -> None:
    """A table or figure inserted twice would have two captions and two numbers, and a reference to it
    would point at one of them only."""
    first: dict[tuple[str, str], BlockRequest] = {}
    for request in requests:
        for name in request.names:
            earlier = first.setdefault((request.kind, name), request)
            if earlier is not request:
                sheet = "表格清单" if request.kind == TABLE else "图片清单"
                problems.error(request.where or request.template,
                               f"{request.kind}“{name}”插入了不止一次（第一次在 {earlier.where or earlier.template}）："
                               "它会有两个题注和两个编号，引用() 只能指向其中一个",
                               f"删去其中一处；确要在两处列出同样的内容，在“{sheet}”中另加一行，起个新名称")


def _check_references(references, requests: list[BlockRequest], data: ReportData, problems: Problems) -> None:
    """A reference needs its table or figure to be inserted somewhere in the report."""
    known: dict[str, Mapping[str, object]] = {TABLE: data.tables, FIGURE: data.figures}
    placed = {(data.label_of(request.kind, name), name) for request in requests if request.kind in known
              for name in request.names if name in known[request.kind]}
    for reference in references:
        if reference.name in (data.tables.keys() | data.figures.keys()) and \
                (reference.label, reference.name) not in placed:
            kind = "插图" if reference.label == FIGURE_LABEL else "表格"
            problems.error(reference.template, f"{REFERENCE}(\"{reference.name}\") 指向的{kind}没有在任何模板中插入",
                           f"在某个模板中用 {{{{ {TABLE if kind == '表格' else FIGURE}(\"{reference.name}\") }}}} "
                           "插入它，或删去这个引用")


def _check_list_sections(rendered: list, templates: list, requests: list[BlockRequest], profile,
                         problems: Problems) -> None:
    """Lists numbered apart (list_page_numbers roman or none) need a section of their own."""
    if profile.list_page_numbers == "arabic":
        return
    for document, template in zip(rendered, templates):
        def is_list(p):
            return any(requests[int(found)].kind in LISTS for found in MARKER.findall(text_of(p)))

        def is_other(p):
            return bool(text_of(p).strip()) and not is_list(p)

        lists, shared = list_sections(document.element.body, is_list, is_other)
        if shared:
            problems.warning(template.label, f"list_page_numbers = \"{profile.list_page_numbers}\" 要求目录单独成节，"
                             "但目录与正文在同一节中，目录页将与正文连续编页码",
                             "在目录标签所在段落之后插入分节符（布局 → 分隔符 → 下一页）")
