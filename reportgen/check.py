"""`reportgen check`: everything that can be wrong with a project, found without writing a draft.

`check_project` reads the config's files, the workbook and every template and
renders the templates, collecting every problem.  `reportgen build` starts
from its result, so a build never writes anything when the check has errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.image_cache import ImageCache
from reportgen.model import ReportData
from reportgen.problems import Problems
from reportgen.project import Project
from reportgen.render import BlockRequest, Blocks, check_template, make_environment, render_template, template_context
from reportgen.tables import check_widths
from reportgen.workbook import read_workbook

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


def report_meta(project: Project) -> dict:
    """What templates see as `报告`: the config's [report] table."""
    return {"标题": project.title, "年度": project.year, "发布单位": project.organisation,
            "发布日期": project.date}


def check_project(project: Project, *, strict: bool = False, on_data=None) -> Checked:
    """Check everything.  `on_data(data, cache)` runs once the workbook reads without errors,
    before the templates render (a build starts preparing photos there)."""
    cache = ImageCache(project.output_dir / CACHE_FOLDER)
    data, problems = read_workbook(project.workbook, project.root, cache.info)
    cache.save()
    check_widths(data, project.profile, problems)
    if on_data is not None and not problems.errors:
        on_data(data, cache)
    env = make_environment()
    blocks = Blocks(data, problems)
    context = template_context(report_meta(project), data, blocks)
    names = set(context) | data.declared
    paths = [project.master, *(s.template for s in project.sections)]
    templates = [check_template(p, project.relative(p), names, env, problems) for p in paths]
    checked = Checked(data, problems, cache)
    if not problems.errors:  # render only with good data and good templates
        rendered = []
        for section, template in enumerate(templates):
            blocks.template, blocks.section = template.label, section
            checked.first_request.append(len(blocks.requests))
            rendered.append(render_template(template, context, env, problems, blocks.requests))
        checked.master, checked.sections = rendered[0], rendered[1:]
        checked.first_request = checked.first_request[1:]
        checked.requests = blocks.requests
        checked.references = blocks.references
    if strict:
        problems.items = [p.as_error() for p in problems.items]
    return checked
