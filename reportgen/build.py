"""`reportgen build`, top to bottom: check → assemble → insert → number → refer → list → lay out → write."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.check import CACHE_FOLDER, check_project
from reportgen.data.report_data import FIGURE, TABLE
from reportgen.draft import captions
from reportgen.draft.assemble import assemble
from reportgen.draft.block_context import BlockContext
from reportgen.draft.contents import insert_lists
from reportgen.draft.figures import likely_pictures
from reportgen.draft.gongwen import add_gongwen_parts
from reportgen.draft.insert import insert_blocks
from reportgen.draft.page_setup import apply_page_setup
from reportgen.draft.picture_inserter import PictureInserter
from reportgen.draft.record import embed, record_of
from reportgen.draft.references import Bookmarks, numbers_in_whole_report, resolve_references
from reportgen.draft.word_package import finish_package, set_page_count
from reportgen.layout import kept_office
from reportgen.layout.pass_cache import LayoutCache
from reportgen.layout.passes import lay_out
from reportgen.output import draft_target, write_draft
from reportgen.problems import Problem
from reportgen.project.config import Project, Section
from reportgen.render.provenance import place_bookmarks, place_phrases, placed_blocks


@dataclass
class BuildResult:
    output: Path
    sections: int
    tables: int
    figures: int
    warnings: list[Problem] = field(default_factory=list)
    backup: Path | None = None
    notes: list[Problem] = field(default_factory=list)  # how the build went: said, not counted


def build(project: Project, output: Path | None = None, section_key: str | None = None, *,
          force: bool = False, strict: bool = False, progress=None) -> BuildResult:
    """Build the draft of `project` (or of one section) and write it; raise `ProjectError` on problems.

    `progress(done, total)` is called as each table or figure is placed.
    """
    section, target = draft_target(project, output, section_key)
    kept_office.warm_up()  # the layout passes' office starts while the templates render

    caches = []

    def prefetch(data, cache):  # prepare photos in worker processes while the templates render
        caches.append(cache)
        cache.start(list(likely_pictures(data, project.profile)), project.profile.image_dpi)

    try:
        checked = check_project(project, strict=strict, on_data=prefetch, target=target, force=force)
        return _build_checked(project, checked, section, target, force, progress)
    finally:
        for cache in caches:  # worker processes end with the build, whatever happens (Ctrl+C in the check too)
            cache.close()


def _build_checked(project: Project, checked, section: Section | None, target: Path, force: bool,
                   progress) -> BuildResult:
    checked.problems.raise_if_errors()
    problems = checked.problems

    if section is None:
        document = assemble(checked.master, checked.sections, project.profile)
        # A 公文's 版头 to 版记 around the text
        parts = add_gongwen_parts(document, project, checked.attachments) if project.gongwen is not None else []
        first_numbers, chapters_before = {}, 0
    else:
        # A section alone keeps the numbers it has in the whole report: its chapters', its captions'.
        index = project.sections.index(section)
        chapters_before = checked.chapters_before[index]
        document = assemble(checked.master, [checked.sections[index]], project.profile,
                            front_matter=False, first_chapter=chapters_before + 1)
        parts = []
        before = Counter(checked.data.label_of(request.kind, name)
                         for request in checked.requests[:checked.first_request[index]] for name in request.names)
        first_numbers = {label: count + 1 for label, count in before.items()}

    bookmarks = Bookmarks(document)
    phrases = place_phrases(document, bookmarks, checked.values)  # what each {% if %} in a sentence printed
    placed = place_bookmarks(document, bookmarks)  # each value a tag printed, in a hidden bookmark
    scheme = captions.Scheme.of(project.profile, len(checked.attachments))
    context = BlockContext(project.profile, checked.cache, PictureInserter(document), bookmarks, scheme)
    inserted, tables, figures = insert_blocks(document, checked.requests, checked.data, context, problems, progress,
                                     chapters_before=chapters_before)
    checked.cache.save()
    problems.raise_if_errors()
    for part in parts:  # the tables are in: where the text ends is known
        part.after_insertion()
    captions.number_captions(document, scheme, first_numbers)
    resolve_references(document, checked.references, context.bookmarks,
                       numbers_in_whole_report(checked.requests, checked.data.label_of, scheme, checked.chapter_of))
    lists = insert_lists(document, checked.requests, project.profile, context.bookmarks, problems,
                         chapters_before=chapters_before)
    apply_page_setup(document, project.profile, has_cover=section is None and checked.cover)
    # The font table and compatibility mode are settled before the layout pass: LibreOffice lays out by them.
    finish_package(document, project.profile, title=project.title, author=project.organisation,
                   subject=f"{project.year} 年度报告")
    pages = lay_out(document, lists, tables, figures, problems,  # 续表, figures fitted, 目录 page numbers
                    LayoutCache(project.output_dir / CACHE_FOLDER / "layout"), parts)
    set_page_count(document, pages)

    embed(document, record_of(placed, checked.values,  # where each value came from, inside the draft
                              placed_blocks(context.bookmarks.targets, checked.data, project.profile.table_caption),
                              first_numbers, chapters_before, {"title": project.title, "year": project.year},
                              phrases))
    backup = write_draft(document, target, force=force, problems=problems)
    for message, hint in kept_office.news():  # an office started for this build runs on: said once
        problems.note("排版", message, hint)
    return BuildResult(target, len(project.sections) if section is None else 1,
                       inserted[TABLE], inserted[FIGURE], problems.warnings, backup, problems.notes)
