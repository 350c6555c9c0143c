"""`reportgen build`, top to bottom: load → check → render → assemble → insert → number → write."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import captions
from reportgen.assemble import assemble
from reportgen.blocks import insert_blocks
from reportgen.layout import apply_page_setup
from reportgen.output import check_target, drop_legacy_parts, write_draft
from reportgen.problems import Problem, Problems, ProjectError
from reportgen.project import Project, Section
from reportgen.render import FIGURE, TABLE, Blocks, make_environment, render_template, template_context
from reportgen.workbook import ReportData, load_workbook

LABELS = {TABLE: captions.TABLE_LABEL, FIGURE: captions.FIGURE_LABEL}


@dataclass
class BuildResult:
    output: Path
    sections: int
    tables: int
    figures: int
    warnings: list[Problem] = field(default_factory=list)
    backup: Path | None = None


def report_meta(project: Project) -> dict:
    """What templates see as `报告`: the config's [report] table."""
    return {"标题": project.title, "年度": project.year, "发布单位": project.organisation,
            "发布日期": project.date}


def default_output(project: Project, section: Section | None) -> Path:
    name = project.title if section is None else f"{project.title}-{section.id}"
    return project.output_dir / f"{safe_filename(name)}.docx"


def safe_filename(name: str) -> str:
    """A title as a file name Windows accepts too."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .") or "报告"


def _render_all(project: Project, data: ReportData, problems: Problems):
    """Render the master and every section (all are checked, whatever is built)."""
    env = make_environment()
    blocks = Blocks(data, problems)
    context = template_context(report_meta(project), data, blocks)
    blocks.template = project.relative(project.master)
    master = render_template(project.master, blocks.template, context, env, problems)
    rendered, first_block = [], []
    for section in project.sections:
        blocks.template = project.relative(section.template)
        first_block.append(len(blocks.requests))
        rendered.append(render_template(section.template, blocks.template, context, env, problems))
    return master, rendered, blocks.requests, first_block


def build(project: Project, output: Path | None = None, section_key: str | None = None, *,
          force: bool = False) -> BuildResult:
    """Build the draft of `project` (or of one section) and write it; raise `ProjectError` on problems."""
    section = None
    if section_key is not None:
        section = project.find_section(section_key)
        if section is None:
            raise ProjectError(Problem("--section", f"没有章节“{section_key}”",
                                       "可用：" + "、".join(s.id for s in project.sections) + "，或章节序号"))
    target = output or default_output(project, section)
    check_target(target, force=force)  # before any work: an open or edited draft stops the build
    data = load_workbook(project.workbook, project.root)
    problems = Problems()
    master, rendered, requests, first_block = _render_all(project, data, problems)
    problems.raise_if_errors()

    if section is None:
        document = assemble(master, rendered, project.profile)
        first_numbers = {}
    else:
        index = project.sections.index(section)
        document = assemble(master, [rendered[index]], project.profile, front_matter=False,
                            first_chapter=index + 1)
        before = Counter(LABELS[r.kind] for r in requests[:first_block[index]])
        first_numbers = {label: count + 1 for label, count in before.items()}

    inserted = insert_blocks(document, requests, data, project.profile, problems)
    problems.raise_if_errors()
    captions.number_captions(document, first_numbers)
    apply_page_setup(document, project.profile, has_cover=section is None)
    _set_properties(document, project)
    drop_legacy_parts(document)

    backup = write_draft(document, target, force=force)
    return BuildResult(target, len(project.sections) if section is None else 1,
                       inserted[TABLE], inserted[FIGURE], problems.warnings, backup)


def _set_properties(document, project: Project) -> None:
    props = document.core_properties
    props.title = project.title
    props.author = project.organisation
    props.subject = f"{project.year} 年度报告"
    props.comments = "由 reportgen 根据模板和数据生成"
